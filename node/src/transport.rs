//! Sending a message to a peer: one HTTP POST of the message's JSON to the
//! peer's `/receive_message`, with the sender's id for it in a header, and
//! the original demo's 2 second timeout.

use std::time::Duration;

use byzscope_core::{Message, NodeId};

/// The header that carries the sender's id for a message (`node1#17`), so
/// the body stays the message alone and the page can pair the sender's
/// `sent` event with the receiver's `received` event.
pub const MESSAGE_HEADER: &str = "x-byzscope-message";

/// The original demo's message timeout.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(2);

/// How one send ended.
#[derive(Debug)]
pub struct Delivery {
    /// The message's id.
    pub message_id: String,
    /// The peer.
    pub to: NodeId,
    /// The peer's base URL.
    pub url: String,
    /// `Ok` once the peer answered 2xx, else why not, in words.
    pub result: Result<(), String>,
}

/// The HTTP client a node sends with; cheap to clone (one connection pool).
#[derive(Clone, Debug)]
pub struct Transport {
    client: reqwest::Client,
}

impl Transport {
    /// A client with the 2 s timeout on every send.
    pub fn new() -> Result<Transport, reqwest::Error> {
        let client = reqwest::Client::builder()
            .timeout(SEND_TIMEOUT)
            // Peers are named by address; a proxy from the environment
            // would only get in the way of loopback and LAN nodes.
            .no_proxy()
            .build()?;
        Ok(Transport { client })
    }

    /// Posts `message` to the peer at `url`.
    pub async fn deliver(self, url: String, message_id: String, message: Message) -> Delivery {
        let to = message.to;
        let sent = self
            .client
            .post(format!("{url}/receive_message"))
            .header(MESSAGE_HEADER, &message_id)
            .json(&message)
            .send()
            .await;
        let result = match sent {
            Ok(response) if response.status().is_success() => Ok(()),
            Ok(response) => {
                let status = response.status();
                let detail = response
                    .json::<serde_json::Value>()
                    .await
                    .ok()
                    .and_then(|body| {
                        body.get("detail")
                            .and_then(|d| d.as_str())
                            .map(str::to_owned)
                    })
                    .unwrap_or_default();
                Err(format!("refused it ({status}): {detail}"))
            }
            Err(error) if error.is_timeout() => Err("no answer within 2 s".to_owned()),
            Err(error) if error.is_connect() => {
                Err("could not connect (is it running?)".to_owned())
            }
            Err(error) => Err(format!("failed: {error}")),
        };
        Delivery {
            message_id,
            to,
            url,
            result,
        }
    }
}
