//! The API's event streams through the crate, as an application reads
//! them: against the crate's `mock`, which serves each connection its
//! events and ends it, so the client's reconnection, the id it resumes
//! from and the end of the stream show in what the mock recorded.

use std::collections::BTreeMap;

use losant_rest::application::MqttSubscriptionStreamEvent;
use losant_rest::device::{CommandStreamEvent, StateStreamEvent};
use losant_rest::mock::{Answer, MockApi};
use losant_rest::models::{
    self, DeviceCommand, DeviceState, DeviceStateDataValue, MqttPublishBody, Time,
};
use losant_rest::{Client, Error, StreamRequest, TryStreamExt};
use serde_json::json;

const APP_ID: &str = "575ec8687ae143cd83dc4a97";
const DEVICE_ID: &str = "575ecf887ae143cd83dc4aa2";

fn client(mock: &MockApi) -> Client {
    Client::builder()
        .base_url(mock.url())
        .auth_token("token-1")
        .build()
        .unwrap()
}

fn state(temp: f64) -> DeviceState {
    let data = BTreeMap::from([
        ("temp".to_owned(), DeviceStateDataValue::Number(temp)),
        ("on".to_owned(), DeviceStateDataValue::Bool(true)),
    ]);
    DeviceState {
        time: Some(Time::String("2026-12-07T00:00:00.000Z".into())),
        ..DeviceState::new(data)
    }
}

#[tokio::test]
async fn device_states_arrive_typed_and_the_stream_resumes_from_the_last_id() {
    let mock = MockApi::start().await;
    let route = mock.device().state_stream();
    route
        .sends([
            StateStreamEvent::DeviceState(state(21.5)),
            StateStreamEvent::DeviceState(state(22.0)),
        ])
        .sends([StateStreamEvent::DeviceState(state(22.5))]);
    let client = client(&mock);

    let events = client
        .device()
        .state_stream(APP_ID, DEVICE_ID)
        .keep_alive_interval(5)
        .await
        .unwrap();
    let events: Vec<_> = events.try_collect().await.unwrap();
    let temps: Vec<_> = events
        .iter()
        .map(|event| match &event.data {
            StateStreamEvent::DeviceState(state) => (event.id.clone(), state.data["temp"].clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        temps,
        [
            (Some("1".into()), DeviceStateDataValue::Number(21.5)),
            (Some("2".into()), DeviceStateDataValue::Number(22.0)),
            (Some("3".into()), DeviceStateDataValue::Number(22.5)),
        ]
    );

    // Three connections: the two with events, then the one the mock
    // answered `204`, which ended the stream. Each resumed from the last
    // id, with the token, and the stream's own query only.
    let calls = route.calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].path_param("applicationId"), Some(APP_ID));
    assert_eq!(calls[0].path_param("deviceId"), Some(DEVICE_ID));
    assert_eq!(calls[0].header("last-event-id"), None);
    assert_eq!(calls[1].header("last-event-id"), Some("2"));
    assert_eq!(calls[2].header("last-event-id"), Some("3"));
    for call in &calls {
        assert_eq!(call.header("authorization"), Some("Bearer token-1"));
        assert_eq!(call.header("accept"), Some("text/event-stream"));
        assert_eq!(call.query_param("keepAliveInterval"), Some("5"));
        assert_eq!(
            call.query_param("_links"),
            None,
            "no default query on a stream"
        );
    }
}

#[tokio::test]
async fn a_command_an_mqtt_message_and_an_undeclared_event_each_decode() {
    let mock = MockApi::start().await;
    mock.device()
        .command_stream()
        .sends([CommandStreamEvent::DeviceCommand(DeviceCommand {
            payload: Some(json!({ "level": 3 })),
            ..DeviceCommand::new("dim")
        })]);
    mock.application().mqtt_subscription_stream().sends([
        MqttSubscriptionStreamEvent::MqttMessage(MqttPublishBody::new("my/topic", "hello")),
        MqttSubscriptionStreamEvent::Unknown {
            name: "connected".into(),
            data: "{\"at\":1}".into(),
        },
    ]);
    let client = client(&mock);

    let mut commands = client
        .device()
        .command_stream(APP_ID, DEVICE_ID)
        .await
        .unwrap();
    match commands.try_next().await.unwrap().map(|event| event.data) {
        Some(CommandStreamEvent::DeviceCommand(command)) => {
            assert_eq!(command.name, "dim");
            assert_eq!(command.payload, Some(json!({ "level": 3 })));
        }
        other => panic!("{other:?}"),
    }

    let messages = client
        .application()
        .mqtt_subscription_stream(APP_ID, "my/topic")
        .await
        .unwrap();
    let messages: Vec<_> = messages
        .map_ok(|event| event.data)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        messages,
        [
            MqttSubscriptionStreamEvent::MqttMessage(MqttPublishBody::new("my/topic", "hello")),
            MqttSubscriptionStreamEvent::Unknown {
                name: "connected".into(),
                data: "{\"at\":1}".into(),
            },
        ]
    );
    let calls = mock.application().mqtt_subscription_stream().calls();
    assert_eq!(calls[0].query_param("topic"), Some("my/topic"));
}

#[tokio::test]
async fn a_documented_error_status_is_the_apis_error_and_ends_the_stream() {
    let mock = MockApi::start().await;
    let route = mock.device().state_stream();
    route.fails(
        404,
        models::Error {
            r#type: Some("NotFound".into()),
            message: Some("Device was not found".into()),
            ..Default::default()
        },
    );
    let opened = client(&mock).device().state_stream(APP_ID, DEVICE_ID).await;
    match opened {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            let body = e.body.as_ref().unwrap();
            assert_eq!(body.message.as_deref(), Some("Device was not found"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(route.calls().len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn a_connection_cut_mid_event_resumes_without_the_partial_event() {
    let mock = MockApi::start().await;
    let route = mock.device().state_stream();
    let cut = "retry: 10\n\nid: 7\nevent: deviceState\ndata: {\"data\":{\"temp\":1}}\n\n\
               id: 8\nevent: deviceState\ndata: {\"data\":{\"te";
    route
        .answers(Answer::bytes(200, "text/event-stream", cut))
        .sends([StateStreamEvent::DeviceState(state(2.0))]);
    let events = client(&mock)
        .device()
        .state_stream(APP_ID, DEVICE_ID)
        .with_max_reconnects(3)
        .await
        .unwrap();
    let ids: Vec<_> = events.map_ok(|event| event.id).try_collect().await.unwrap();
    // The mock numbers its own events from 1.
    assert_eq!(ids, [Some("7".to_owned()), Some("1".to_owned())]);
    assert_eq!(route.calls()[1].header("last-event-id"), Some("7"));
}
