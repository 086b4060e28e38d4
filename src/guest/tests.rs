use super::*;
use crate::pages::guest_watch::{FrameScript, LongFrame};

/// I8's idle footprint: what grows while a page sits open with nothing happening.
mod idle_footprint;

fn record(gaps: &[(f64, f64)], worker_gaps: &[(f64, f64)]) -> GuestRecord {
    GuestRecord {
        page: "p".into(),
        gaps: gaps.to_vec(),
        worker_gaps: worker_gaps.to_vec(),
        worker: true,
        ..GuestRecord::default()
    }
}

fn with(records: Vec<GuestRecord>) -> Evidence {
    Evidence {
        records,
        windows: Some(1),
        host_loads: 1,
        suite_opens: 1,
        ..Evidence::default()
    }
}

#[test]
fn a_good_guest_breaks_nothing() {
    let evidence = with(vec![record(&[(0.0, 180.0)], &[])]);
    assert_eq!(judge(&evidence), vec![]);
}

#[test]
fn a_long_block_with_the_worker_on_time_is_the_widget_s() {
    let evidence = with(vec![record(&[(1000.0, 6062.0)], &[])]);
    let breaches = judge(&evidence);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I6");
    assert!(
        breaches[0].words.contains("5,012 ms"),
        "{}",
        breaches[0].words
    );
}

#[test]
fn a_block_the_worker_saw_too_is_the_machine_s() {
    // The machine stalled: the worker was 900 ms late over the same time.
    let evidence = with(vec![record(&[(1000.0, 2000.0)], &[(1020.0, 1920.0)])]);
    assert_eq!(judge(&evidence), vec![]);
    // Half explained: still charged with what is left.
    let evidence = with(vec![record(&[(1000.0, 2000.0)], &[(1000.0, 1400.0)])]);
    assert_eq!(
        blocks(&evidence.records[0], &CoreWaits::default())[0].ms,
        550.0
    );
}

#[test]
fn a_block_the_page_process_spent_waiting_for_a_core_is_the_machine_s() {
    // Measured under load: a 503 ms gap with the worker on time; the kernel says the page's
    // main thread waited 430 ms of it on a run queue.
    let loaded = CoreWaits(vec![vec![
        (990.0, 1000.0),
        (1010.0, 1005.0),
        (1520.0, 1435.0),
        (1600.0, 1436.0),
    ]]);
    let mut evidence = with(vec![record(&[(1000.0, 1503.0)], &[])]);
    evidence.core_waits = loaded.clone();
    assert_eq!(blocks(&evidence.records[0], &evidence.core_waits), vec![]);
    // Not the widget's; nor a pass: a doubt, the suite's failure (exit 2), tried again.
    let judged = judge(&evidence);
    assert_eq!(judged.len(), 1, "{judged:?}");
    assert!(is_doubt(&judged[0]), "{judged:?}");
    assert!(
        judged[0].words.contains("held 453 ms") && judged[0].words.contains("waited 435 ms"),
        "{}",
        judged[0].words
    );
    let (specs, message) = after_check_failure(&judged, None, None, &[]).expect("a failure");
    assert_eq!(specs, ["I6"]);
    assert!(
        message.starts_with(crate::error::INFRASTRUCTURE),
        "{message}"
    );
    // Beside a breach of the widget's, the doubt is left out.
    let mut i8 = judged.clone();
    i8.push(Breach {
        spec: "I8",
        words: "set a cookie".into(),
    });
    let (specs, message) = after_check_failure(&i8, None, None, &[]).expect("a failure");
    assert_eq!(
        (specs, message),
        (vec!["I8".to_owned()], "I8: set a cookie".to_owned())
    );
    // A process that held its thread running did not wait: the same gap is the widget's.
    evidence.core_waits = CoreWaits(vec![vec![(990.0, 5.0), (1520.0, 12.0)]]);
    assert_eq!(
        blocks(&evidence.records[0], &evidence.core_waits)[0].ms,
        446.0
    );
    // Another idle page process does not excuse the busy one, nor the busy one the idle.
    evidence.core_waits = CoreWaits(vec![vec![(990.0, 5.0), (1520.0, 12.0)], vec![(990.0, 0.0)]]);
    assert_eq!(judge(&evidence).len(), 1);
}

#[test]
fn a_process_found_after_the_gap_began_counts_its_wait_from_its_start() {
    let waits = CoreWaits(vec![vec![(1200.0, 300.0), (1600.0, 310.0)]]);
    assert_eq!(waits.within(1000.0, 1500.0), 310.0);
    assert_eq!(CoreWaits::default().within(1000.0, 1500.0), 0.0);
}

#[test]
fn gaps_while_the_page_was_hidden_do_not_count() {
    let mut r = record(&[(1000.0, 3000.0)], &[]);
    r.hidden = vec![(900.0, "hidden".into()), (3100.0, "visible".into())];
    assert_eq!(blocks(&r, &CoreWaits::default()), vec![]);
    r.hidden = vec![(4000.0, "hidden".into())];
    assert_eq!(blocks(&r, &CoreWaits::default()).len(), 1);
}

#[test]
fn a_long_frame_names_the_script_that_ran() {
    let mut r = record(&[(1000.0, 1600.0)], &[]);
    r.frames = vec![LongFrame {
        start: 1010.0,
        duration: 540.0,
        scripts: vec![
            FrameScript {
                source: "http://127.0.0.1:9/host.js".into(),
                duration: 5.0,
            },
            FrameScript {
                source: "http://127.0.0.1:9/livechat.js?wid=w".into(),
                duration: 530.0,
            },
        ],
    }];
    let words = &judge(&with(vec![r]))[0].words;
    assert!(words.contains("550 ms, from livechat.js"), "{words}");
}

#[test]
fn windows_reloads_a_page_left_a_prompt_and_changed_elements_are_i7() {
    let mut r = record(&[], &[]);
    r.changes = vec!["removed <main data-host-page> from the page".into()];
    r.change_count = 1;
    let evidence = Evidence {
        windows: Some(3),
        host_loads: 8,
        suite_opens: 1,
        moved_to: Some("http://localhost:1/elsewhere".into()),
        leave_prompt: Some("asks the visitor to confirm leaving the page".into()),
        ..with(vec![r])
    };
    let breaches = judge(&evidence);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    let words = &breaches[0].words;
    assert_eq!(breaches[0].spec, "I7");
    for part in [
        "opened 2 window(s)",
        "reloaded or navigated the host page 7 time(s)",
        "to http://localhost:1/elsewhere",
        "asks the visitor to confirm leaving the page",
        "removed <main data-host-page>",
    ] {
        assert!(words.contains(part), "{part} not in {words}");
    }
}

#[test]
fn cookies_beyond_c1_s_three_or_over_4_kb_are_i8() {
    let mut evidence = with(vec![]);
    evidence.cookies = vec![
        ("herodesk_contact_identified".into(), 80),
        ("acme_demo_user".into(), 20),
        ("hd_flood_1".into(), 4000),
    ];
    evidence.allowed_cookies = vec!["acme_demo_user".into()];
    let breaches = judge(&evidence);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert!(breaches[0].words.contains("1 cookie(s)"), "{breaches:?}");
    assert!(breaches[0].words.contains("hd_flood_1"), "{breaches:?}");
    evidence.cookies = vec![("herodesk_contact_verified".into(), 5000)];
    assert!(judge(&evidence)[0].words.contains("5,000 bytes"));
    evidence.cookies = vec![("acme_demo_user".into(), 20)];
    assert_eq!(judge(&evidence), vec![]);
}

fn calls(route: &str, times: impl IntoIterator<Item = u64>) -> Vec<ApiCall> {
    times
        .into_iter()
        .map(|at_ms| ApiCall {
            route: route.into(),
            at_ms,
        })
        .collect()
}

#[test]
fn a_route_called_more_than_20_times_within_10_s_is_i8() {
    // 21 calls within 9.9 s: one too many.
    let flood = calls("GET /widget/v1/unread", (0..21).map(|i| i * 495));
    assert_eq!(
        busiest_route(&flood),
        Some(("GET /widget/v1/unread".into(), 21))
    );
    // 20 within 10 s: allowed.
    assert_eq!(busiest_route(&flood[..20]), None);
    // One a second for a minute (the reference's poll): 10 in any 10 s.
    assert_eq!(
        busiest_route(&calls("GET /widget/v1/unread", (0..60).map(|i| i * 1000))),
        None
    );
    // Routes are counted one by one.
    let mut two = calls("GET /a", (0..15).map(|i| i * 10));
    two.extend(calls("GET /b", (0..15).map(|i| i * 10)));
    assert_eq!(busiest_route(&two), None);
    let mut evidence = with(vec![]);
    evidence.calls = calls("GET /widget/v1/unread", (0..2000).map(|i| i * 5));
    let words = &judge(&evidence)[0].words;
    assert!(
        words.contains("called GET /widget/v1/unread 2,000 times within 10 s"),
        "{words}"
    );
}

#[test]
fn a_page_is_left_when_its_origin_or_path_changes_not_its_query_s_spelling() {
    let opened = "http://localhost:9/w/abc/?email=tom.o'brien%40x.de&token=server";
    assert!(!left_the_page(
        opened,
        "http://localhost:9/w/abc/?email=tom.o%27brien%40x.de&token=server"
    ));
    assert!(left_the_page(opened, "http://localhost:9/w/elsewhere/"));
    assert!(left_the_page(opened, "about:blank"));
    assert!(left_the_page(opened, "http://127.0.0.1:9/w/abc/?email=x"));
}

#[test]
fn a_message_names_the_guest_statement_it_starts_with() {
    assert_eq!(
        statement_of("I7: the widget opened 1 window(s)"),
        Some("I7")
    );
    assert_eq!(statement_of("the page stopped answering; I6: no"), None);
}

#[test]
fn numbers_are_written_with_thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(5012), "5,012");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn an_address_changed_in_place_is_an_i7_breach_with_both_addresses() {
    let mut r = record(&[], &[]);
    r.address_changes = vec![("http://s/w/a/".into(), "http://s/w/a/?chat=open".into())];
    r.address_change_count = 3;
    let breaches = judge(&with(vec![r]));
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I7");
    assert!(
        breaches[0]
            .words
            .contains("changed the host page's address 3 time(s)")
            && breaches[0].words.contains("to http://s/w/a/?chat=open"),
        "{}",
        breaches[0].words
    );
}

#[test]
fn a_window_open_the_pop_up_blocker_stopped_is_still_i7() {
    let mut r = record(&[], &[]);
    r.window_open_count = 4;
    let evidence = Evidence {
        windows: Some(1),
        ..with(vec![r])
    };
    let breaches = judge(&evidence);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I7");
    assert!(
        breaches[0]
            .words
            .contains("tried to open 4 window(s) or tab(s) with window.open"),
        "{}",
        breaches[0].words
    );
    let none = Evidence {
        windows: Some(1),
        ..with(vec![record(&[], &[])])
    };
    assert!(judge(&none).is_empty());
}

#[test]
fn what_the_widget_did_is_named_before_a_block_it_may_have_caused() {
    // A window the widget opened blocks the page for a moment in Firefox: I7 is the cause.
    let mut r = record(&[(1000.0, 1900.0)], &[]);
    r.window_open_count = 2;
    let evidence = Evidence {
        windows: Some(3),
        ..with(vec![r])
    };
    let breaches = judge(&evidence);
    let order: Vec<&str> = breaches.iter().map(|b| b.spec).collect();
    assert_eq!(order, ["I7", "I6"], "{breaches:?}");
    // A page that stopped answering is the strongest evidence and stays first.
    let stuck = Evidence {
        stuck: true,
        ..evidence
    };
    let order: Vec<&str> = judge(&stuck).iter().map(|b| b.spec).collect();
    assert_eq!(order, ["I6", "I7"]);
}

#[test]
fn a_history_entry_at_the_same_address_is_an_i7_breach() {
    let mut r = record(&[], &[]);
    r.history_calls = vec!["pushState".into(), "replaceState (in a frame)".into()];
    r.history_call_count = 5;
    let breaches = judge(&with(vec![r]));
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I7");
    assert!(
        breaches[0]
            .words
            .contains("changed the host page's history in place 5 time(s) (pushState, replaceState (in a frame))"),
        "{}",
        breaches[0].words
    );
    assert!(judge(&with(vec![record(&[], &[])])).is_empty());
}

#[test]
fn the_site_s_own_events_swallowed_are_an_i7_breach_said_once() {
    let mut first = record(&[], &[]);
    first.swallowed = vec!["keydown of \"/\" (stopped before the site's own listeners)".into()];
    let mut second = record(&[], &[]);
    second.swallowed = vec![
        "keydown of \"/\" (stopped before the site's own listeners)".into(),
        "click (its default action cancelled)".into(),
    ];
    let breaches = judge(&with(vec![first, second]));
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I7");
    assert!(
        breaches[0].words.contains(
            "swallowed the site's own events: keydown of \"/\" (stopped before the site's own listeners), click (its default action cancelled)"
        ),
        "{}",
        breaches[0].words
    );
}

#[test]
fn focus_taken_while_the_panel_was_closed_is_an_i7_breach_said_once() {
    let mut first = record(&[], &[]);
    first.focus_taken = vec!["to <iframe>".into()];
    let mut second = record(&[], &[]);
    second.focus_taken = vec!["to <iframe>".into(), "to <input>".into()];
    let breaches = judge(&with(vec![first, second]));
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I7");
    assert!(
        breaches[0].words.contains(
            "took the keyboard focus from the site while its panel was closed and the visitor had not acted (to <iframe>, to <input>)"
        ),
        "{}",
        breaches[0].words
    );
}

#[test]
fn a_block_in_the_handlers_of_a_page_going_away_is_said_as_such() {
    let mut leaving = record(&[(1_000.0, 1_650.0)], &[]);
    leaving.leaving = true;
    let breaches = judge(&with(vec![leaving]));
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I6");
    assert!(
        breaches[0]
            .words
            .contains("the longest block was 600 ms, in the handlers the page ran as it went away"),
        "{}",
        breaches[0].words
    );
}

#[test]
fn a_global_or_a_built_in_the_widget_left_on_the_page_is_i5() {
    let mut evidence = with(vec![record(&[], &[])]);
    evidence.globals = vec!["Herodesk".into()];
    assert_eq!(
        judge(&evidence),
        vec![],
        "Herodesk is the widget's own global"
    );
    evidence.globals = vec!["Herodesk".into(), "__herodeskLastError".into()];
    evidence.builtins = vec!["Array.prototype.last added".into()];
    let breaches = judge(&evidence);
    assert_eq!(breaches.len(), 1, "{breaches:?}");
    assert_eq!(breaches[0].spec, "I5");
    assert_eq!(
        breaches[0].words,
        "the widget added the global(s) `__herodeskLastError` to the page (only `Herodesk` is \
         the widget's); changed the page's built-ins: Array.prototype.last added"
    );
}
