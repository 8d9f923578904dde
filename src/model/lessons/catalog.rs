//! The lessons. Every sentence here is a claim about a run of the engine,
//! and `tests/` checks each one against that run.

use byzscope_core::Strategy;

use super::{Enter, Goal, Highlight, Lesson, Panel, Setup, Step, Task, Wait};

/// The original demo: four nodes, node4 equivocating, oral messages.
const DEMO: Setup = Setup {
    nodes: 4,
    byzantine: &[(4, Strategy::Equivocate)],
    signed: false,
    seed: 1,
};

/// node4 forges forwarded copies; `signed` says whether signatures catch it.
const fn forger(signed: bool) -> Setup {
    Setup {
        nodes: 4,
        byzantine: &[(4, Strategy::Forge)],
        signed,
        seed: 1,
    }
}

/// A step that only says something.
const fn say(says: &'static str, highlight: &'static [Highlight]) -> Step {
    Step {
        says,
        enter: &[],
        wait: Wait::Nothing,
        highlight,
        task: None,
    }
}

/// A step that runs straight to `wait` and says what is then on screen.
const fn at(wait: Wait, says: &'static str, highlight: &'static [Highlight]) -> Step {
    Step {
        says,
        enter: &[Enter::Jump],
        wait,
        highlight,
        task: None,
    }
}

/// A step in which node1 proposes test123 and the run plays until `wait`.
const fn propose(wait: Wait, says: &'static str, highlight: &'static [Highlight]) -> Step {
    Step {
        says,
        enter: &[Enter::Propose(1, "test123"), Enter::Play],
        wait,
        highlight,
        task: None,
    }
}

const ALL_FOUR: Highlight = Highlight::Nodes(&[1, 2, 3, 4]);
const NODE4: Highlight = Highlight::Nodes(&[4]);

/// Every lesson, in the order a course would take them.
pub const LESSONS: [Lesson; 9] = [
    Lesson {
        id: "agree",
        title: "Four honest nodes agree",
        setup: Setup {
            nodes: 4,
            byzantine: &[],
            signed: false,
            seed: 1,
        },
        steps: &[
            say(
                "Four nodes, all honest. One of them will propose a value, and all of them must agree on it.",
                &[ALL_FOUR],
            ),
            propose(
                Wait::Nothing,
                "node1 proposes test123. It sends a PROPOSE to node2, node3 and node4.",
                &[Highlight::Nodes(&[1])],
            ),
            Step {
                says: "Each node that gets the PROPOSE sends an ECHO of test123 to every peer. Each forwards what it hears, too.",
                enter: &[Enter::Play],
                wait: Wait::AllDecided,
                highlight: &[ALL_FOUR],
                task: None,
            },
            at(
                Wait::AllDecided,
                "All four nodes decided test123. A node decides once 3 nodes vote for one value: its own statement, and the ones it got straight from their origin.",
                &[ALL_FOUR],
            ),
            say(
                "Why 3? The quorum is q = ⌈(N + f + 1) / 2⌉. With N = 4 nodes and f = 1 fault allowed, q = 3. Any two groups of 3 nodes out of 4 share 2 nodes, so at least one honest node is in both.",
                &[],
            ),
            say(
                "You can now explain PROPOSE, ECHO and the quorum: two different values can never both reach 3 votes.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "two-stories",
        title: "node4 tells two stories",
        setup: DEMO,
        steps: &[
            say(
                "This is the original demo. Four nodes, and node4 is Byzantine.",
                &[NODE4],
            ),
            propose(
                Wait::Split,
                "node1 proposes test123. Watch what node4 does when the PROPOSE reaches it.",
                &[NODE4],
            ),
            at(
                Wait::Split,
                "node4 sent its ECHO: test123 to node1, but test123_BYZANTINE to node2 and node3.",
                &[Highlight::Nodes(&[1, 2, 3, 4])],
            ),
            say(
                "An honest node tells every peer the same thing. node4 told two stories in one round: that is equivocation.",
                &[NODE4],
            ),
            say(
                "You can now explain equivocation: one node, one round, two values, each for different peers.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "gossip",
        title: "Gossip brings both stories together",
        setup: DEMO,
        steps: &[
            say(
                "The first time a node hears a statement, it forwards it to its other peers. This is gossip.",
                &[ALL_FOUR],
            ),
            propose(
                Wait::Detects { by: 1, accused: 4 },
                "node1 proposes test123. Watch the forwarded copies criss-cross the ring.",
                &[],
            ),
            at(
                Wait::Detects { by: 1, accused: 4 },
                "node1 got test123 straight from node4. Then node3 forwarded node4's other ECHO: test123_BYZANTINE came by node4 → node3 → node1.",
                &[Highlight::Detection { by: 1, accused: 4 }],
            ),
            say(
                "node1 now holds two values from node4 for round 1. Gossip brought both stories to it.",
                &[Highlight::Nodes(&[1, 3, 4])],
            ),
            say(
                "You can now explain how a node learns a statement that was never sent to it.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "caught",
        title: "Caught",
        setup: DEMO,
        steps: &[
            propose(
                Wait::Detection,
                "node1 proposes test123. Watch for the first node to catch node4.",
                &[NODE4],
            ),
            at(
                Wait::Detection,
                "node3 catches node4 first, at 1058 ms: it holds two values from node4 for round 1.",
                &[Highlight::Detection { by: 3, accused: 4 }],
            ),
            at(
                Wait::Detects { by: 2, accused: 4 },
                "Then node2 catches node4, at 1161 ms.",
                &[Highlight::Detection { by: 2, accused: 4 }],
            ),
            at(
                Wait::Detects { by: 1, accused: 4 },
                "Last, node1 catches node4, at 1247 ms. Every honest node has now detected node4.",
                &[Highlight::Detection { by: 1, accused: 4 }],
            ),
            say(
                "The detections table is the original demo's GET /detections. Each record has five fields: detected_at, byzantine_node, round, conflicting_values and detected_by.",
                &[Highlight::Panel(Panel::Detections)],
            ),
            say(
                "conflicting_values lists node4's two values, sorted: test123 and test123_BYZANTINE. You can now explain who caught node4, and what each field of a detection says.",
                &[Highlight::Panel(Panel::Detections)],
            ),
        ],
    },
    Lesson {
        id: "cannot-win",
        title: "Why node4 cannot win",
        setup: DEMO,
        steps: &[
            propose(
                Wait::AllDecided,
                "node1 proposes test123, and node4 lies again. Watch the decisions.",
                &[NODE4],
            ),
            at(
                Wait::AllDecided,
                "node1, node2 and node3 all decided test123, although node4 lied.",
                &[Highlight::Nodes(&[1, 2, 3])],
            ),
            say(
                "A value needs 3 votes. test123_BYZANTINE never had more than 1 vote at any node: node4's own.",
                &[NODE4],
            ),
            at(
                Wait::Quiet,
                "Once a node catches node4, node4 counts for no value there. Now node4's vote counts at none of node1, node2 and node3.",
                &[NODE4],
            ),
            say(
                "You can now explain why one liar among four cannot win: the three honest nodes make a quorum, and a caught liar counts for nothing.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "framed",
        title: "Oral messages frame the innocent",
        setup: forger(false),
        steps: &[
            say(
                "node4 now forges: when it forwards another node's statement, it changes the value to end in _FORGED. Messages are oral: nothing proves who said what.",
                &[NODE4],
            ),
            propose(
                Wait::Detection,
                "node1 proposes test123. Watch node4 forward it.",
                &[NODE4],
            ),
            at(
                Wait::Quiet,
                "node2 and node3 accuse node1: they hold test123 and test123_FORGED, both seemingly from node1.",
                &[Highlight::Detection { by: 2, accused: 1 }],
            ),
            say(
                "But node1 did nothing wrong. node4 altered the copies it forwarded. This is a false accusation.",
                &[Highlight::Nodes(&[1, 4])],
            ),
            say(
                "The forged ECHOs frame node2 and node3 too: every honest node is accused by another honest node.",
                &[Highlight::Nodes(&[1, 2, 3])],
            ),
            say(
                "You can now explain why, with oral messages, a forger can frame an honest node.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "signed",
        title: "Signatures unmask the forger",
        setup: forger(true),
        steps: &[
            say(
                "The same run, but signed: each statement carries its origin's signature. A changed copy no longer matches it.",
                &[NODE4],
            ),
            propose(
                Wait::Quiet,
                "node1 proposes test123, and node4 forges again.",
                &[NODE4],
            ),
            at(
                Wait::Quiet,
                "Nobody honest is accused. node1, node2 and node3 each caught node4.",
                &[Highlight::Detection { by: 1, accused: 4 }],
            ),
            say(
                "node1 caught node4 equivocating, and its detection carries node4's two signed ECHOs: evidence anyone can check. Select it, export the evidence, and verify it below.",
                &[
                    Highlight::Detection { by: 1, accused: 4 },
                    Highlight::Panel(Panel::Evidence),
                ],
            ),
            say(
                "The evidence holds. Change one character of a signature and verify again: it no longer holds.",
                &[Highlight::Panel(Panel::Evidence)],
            ),
            say(
                "You can now explain why signatures unmask the forger: a forged copy fails its check, and an equivocation is proven.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "gossip-fails",
        title: "When gossip fails",
        setup: DEMO,
        steps: &[
            say(
                "Gossip brings both of node4's stories to every honest node. But gossip needs the network.",
                &[ALL_FOUR],
            ),
            Step {
                says: "node1 has proposed test123.",
                enter: &[Enter::Propose(1, "test123")],
                wait: Wait::Goal,
                highlight: &[Highlight::Nodes(&[1, 4])],
                task: Some(Task {
                    asks: "Make node1 miss node4's equivocation with one network fault: cut a link (click it), or drop a message in flight. Then press Finish.",
                    goal: Goal::Misses { node: 1, accused: 4 },
                    hint: "node4 sends test123 to node1 alone. Which link does it take?",
                    solution: &[Enter::Cut(1, 4)],
                }),
            },
            at(
                Wait::Quiet,
                "Cutting node1–node4 does it. node4 sent its ECHO test123 to node1 alone, and the cut lost it. node1 heard only test123_BYZANTINE, through node2 and node3.",
                &[Highlight::Nodes(&[1, 4])],
            ),
            say(
                "Nobody ever held both of node4's stories, so nobody caught node4 at all.",
                &[ALL_FOUR],
            ),
            say(
                "You can now explain why detection needs delivery: only a node that gets both stories can catch the liar.",
                &[],
            ),
        ],
    },
    Lesson {
        id: "beyond",
        title: "Beyond 3f + 1",
        setup: Setup {
            nodes: 7,
            byzantine: &[
                (1, Strategy::Equivocate),
                (3, Strategy::Equivocate),
                (4, Strategy::Equivocate),
                (6, Strategy::Equivocate),
            ],
            signed: false,
            seed: 13,
        },
        steps: &[
            say(
                "Seven nodes are sized for f = 2 Byzantine nodes. Here four are: node1, node3, node4 and node6.",
                &[Highlight::Nodes(&[1, 3, 4, 6])],
            ),
            propose(
                Wait::AllDecided,
                "node1 proposes test123, and splits it.",
                &[Highlight::Nodes(&[1])],
            ),
            at(
                Wait::AllDecided,
                "node2 decided test123, but node5 and node7 decided test123_BYZANTINE. Agreement is broken.",
                &[Highlight::Nodes(&[2, 5, 7])],
            ),
            say(
                "The quorum is 5. Four liars and one honest node make 5, so two quorums need share no honest node.",
                &[],
            ),
            say(
                "You can now explain why N must be at least 3f + 1: beyond f liars, honest nodes can decide different values.",
                &[],
            ),
        ],
    },
];
