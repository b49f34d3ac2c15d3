//! A device's state as it changes, without a Losant account: this example
//! starts the crate's mock on 127.0.0.1, has it send state reports over
//! two connections (the first ends, as a dropped connection does), and
//! reads them through the real client, which reconnects by itself and
//! resumes from the last event's id.
//!
//! `cargo run -p losant-rest --example event_stream`

use std::collections::BTreeMap;

use losant_rest::device::StateStreamEvent;
use losant_rest::mock::MockApi;
use losant_rest::models::{DeviceState, DeviceStateDataValue};
use losant_rest::{Client, StreamRequest, TryStreamExt};

const APP_ID: &str = "575ec8687ae143cd83dc4a97";
const DEVICE_ID: &str = "575ecf887ae143cd83dc4aa2";

fn report(temp: f64) -> StateStreamEvent {
    let data = BTreeMap::from([("temp".to_owned(), DeviceStateDataValue::Number(temp))]);
    StateStreamEvent::DeviceState(DeviceState::new(data))
}

#[tokio::main]
async fn main() -> losant_rest::Result<()> {
    let mock = MockApi::start().await;
    let route = mock.device().state_stream();
    route
        .sends([report(21.5), report(21.7)])
        .sends([report(22.0)]);

    let client = Client::builder()
        .base_url(mock.url())
        .auth_token("my-token")
        .build()?;
    let mut events = client
        .device()
        .state_stream(APP_ID, DEVICE_ID)
        .keep_alive_interval(5)
        .with_max_reconnects(5)
        .await?;
    while let Some(event) = events.try_next().await? {
        match event.data {
            StateStreamEvent::DeviceState(state) => {
                let temp = &state.data["temp"];
                println!("event {}: temp {temp:?}", event.id.unwrap_or_default());
            }
            other => println!("an event the docs do not declare: {other:?}"),
        }
    }
    // The mock answered `204` once it had nothing more to send, which ends
    // a stream.
    println!("the stream ended");
    for (n, call) in route.calls().iter().enumerate() {
        let resumed = call.header("last-event-id").unwrap_or("none");
        println!("connection {}: Last-Event-ID {resumed}", n + 1);
    }
    Ok(())
}
