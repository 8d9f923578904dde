//! Cluster sizing: how many faults a cluster tolerates and how many votes
//! decide.

/// f = ⌊(N − 1) / 3⌋: the number of Byzantine nodes a cluster of `n` is sized for.
pub fn fault_tolerance(n: usize) -> usize {
    n.saturating_sub(1) / 3
}

/// q = ⌈(N + f + 1) / 2⌉: votes from this many distinct origins decide a value.
///
/// Any two sets of q nodes share at least f + 1 nodes, so at least one honest
/// node, and an honest node votes for one value per round: two quorums for
/// different values cannot both form while at most f nodes are Byzantine.
pub fn quorum(n: usize) -> usize {
    (n + fault_tolerance(n) + 1).div_ceil(2)
}

/// Whether `byzantine` faulty nodes break the 3f + 1 bound of a cluster of `n`.
pub fn bound_broken(n: usize, byzantine: usize) -> bool {
    byzantine > fault_tolerance(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_from_the_protocol() {
        assert_eq!((fault_tolerance(4), quorum(4)), (1, 3));
        assert_eq!((fault_tolerance(7), quorum(7)), (2, 5));
        assert_eq!((fault_tolerance(5), quorum(5)), (1, 4));
        assert_eq!((fault_tolerance(3), quorum(3)), (0, 2));
        assert_eq!((fault_tolerance(64), quorum(64)), (21, 43));
    }

    #[test]
    fn quorums_intersect_in_an_honest_node() {
        for n in 3..=64 {
            let (f, q) = (fault_tolerance(n), quorum(n));
            // Two quorums share 2q − n nodes: more than f, so an honest one.
            assert!(2 * q - n > f, "n = {n}");
            assert!(
                q <= n - f,
                "n = {n}: honest nodes alone must reach a quorum"
            );
        }
    }

    #[test]
    fn bound() {
        assert!(!bound_broken(4, 1));
        assert!(bound_broken(4, 2));
        assert!(!bound_broken(7, 2));
    }
}
