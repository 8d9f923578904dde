//! `live=`: the real nodes a page watches instead of simulating, as base
//! URLs. `8001-8004` is four nodes on this machine's loopback, `8001` one;
//! otherwise a comma-separated list of `http://` or `https://` base URLs
//! (a bare port in the list means loopback too).

use byzscope_core::id::MAX_NODES;

/// The host a bare port stands for: where `make cluster` listens.
const LOOPBACK: &str = "http://127.0.0.1";

/// Reads a `live=` value into the nodes' base URLs (no trailing `/`), in
/// the order given, or says in words why it cannot be used.
pub fn parse_live(value: &str) -> Result<Vec<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("give the nodes to watch, such as 8001-8004 or \
                    http://127.0.0.1:8001,http://127.0.0.1:8002"
            .into());
    }
    let urls = match value.split_once('-') {
        Some((first, last)) if !value.contains("://") && !value.contains(',') => {
            port_range(first, last)?
        }
        _ => value
            .split(',')
            .map(|item| base_url(item.trim()))
            .collect::<Result<Vec<_>, _>>()?,
    };
    if urls.len() > usize::from(MAX_NODES) {
        return Err(format!(
            "{} nodes is more than the {MAX_NODES} a cluster can have",
            urls.len()
        ));
    }
    if let Some(twice) = urls
        .iter()
        .enumerate()
        .find_map(|(i, url)| urls[..i].contains(url).then_some(url))
    {
        return Err(format!("{twice} is named twice"));
    }
    Ok(urls)
}

/// `A-B`: loopback ports A to B.
fn port_range(first: &str, last: &str) -> Result<Vec<String>, String> {
    let (first, last) = (port(first.trim())?, port(last.trim())?);
    if last < first {
        return Err(format!("the range {first}-{last} runs backwards"));
    }
    let count = usize::from(last - first) + 1;
    if count > usize::from(MAX_NODES) {
        return Err(format!(
            "{first}-{last} is {count} nodes, more than the {MAX_NODES} a cluster can have"
        ));
    }
    Ok((first..=last)
        .map(|port| format!("{LOOPBACK}:{port}"))
        .collect())
}

/// A TCP port, 1 to 65535.
fn port(text: &str) -> Result<u16, String> {
    match text.parse::<u32>() {
        Ok(port @ 1..=65_535) => Ok(port as u16),
        _ if text.is_empty() => Err("a port is missing".into()),
        _ => Err(format!("'{text}' is not a port (1 to 65535)")),
    }
}

/// One item of a list: a port, or an http(s) base URL with a host.
fn base_url(item: &str) -> Result<String, String> {
    if item.is_empty() {
        return Err("the list has an empty item".into());
    }
    if item.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(format!("{LOOPBACK}:{}", port(item)?));
    }
    let lower = item.to_ascii_lowercase();
    let rest = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
        .ok_or_else(|| format!("'{item}' is not an http:// or https:// address"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("'{item}' names no host"));
    }
    if item
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '"' | '<' | '>'))
    {
        return Err(format!(
            "'{item}' is not a node's base address (no spaces, query or fragment)"
        ));
    }
    if let Some((_, port_text)) = host.rsplit_once(':').filter(|_| !host.ends_with(']')) {
        port(port_text).map_err(|why| format!("'{item}': {why}"))?;
    }
    Ok(item.trim_end_matches('/').to_owned())
}
