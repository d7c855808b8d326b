//! The CLIXML serializer against psrpcore, in the same run: serialize 100,000
//! `[pscustomobject]`s of five mixed properties (string, int, double, DateTime, bool) into one
//! `<Objs>` document, then read it back. Targets: at least 500,000 objects a second, and at
//! least 20 times psrpcore.
//!
//! `cargo run --release -p rosh-bench --bin clixml` (psrpcore from `.venv`, which `tests/run`
//! creates, or the interpreter in `ROSH_INTEROP_PYTHON`).

use rosh_runtime::serialization::{Limits, deserialize_document, serialize_document};
use rosh_runtime::value::datetime::Civil;
use rosh_runtime::value::{DateKind, PsDateTime, PsObject, Value};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

const N: usize = 100_000;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn objects() -> Vec<Value> {
    let when = PsDateTime::from_civil(
        Civil {
            year: 2024,
            month: 1,
            day: 2,
            hour: 3,
            minute: 4,
            second: 5,
            fraction: 0,
        },
        DateKind::Utc,
    )
    .map(Value::DateTime)
    .unwrap_or(Value::Null);
    (0..N)
        .map(|i| {
            let o = PsObject::custom();
            o.set("Name", Value::from(format!("item{i}")));
            o.set("Id", Value::Int(i as i32));
            o.set("Value", Value::Double(i as f64 * 0.5));
            o.set("When", when.clone());
            o.set("Flag", Value::Bool(i % 2 == 0));
            Value::Object(o)
        })
        .collect()
}

/// Best of `runs` timings of `f`, in seconds.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(r);
    }
    (best, last.expect("at least one run"))
}

fn python() -> PathBuf {
    std::env::var_os("ROSH_INTEROP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python"))
}

fn main() {
    let values = objects();
    let (ser, text) = best(5, || serialize_document(&values, 2));
    // (The values read are dropped after the clock stops, as psrpcore's are.)
    let (de, back) = best(5, || {
        deserialize_document(text.as_bytes(), &Limits::default())
    });
    match back {
        Ok(v) if v.len() == N => {}
        Ok(v) => panic!("rosh read back {} objects", v.len()),
        Err(e) => panic!("rosh could not read its document: {e}"),
    }
    let per_s = |s: f64| N as f64 / s;
    let rosh_total = ser + de;
    println!(
        "CLIXML, {N} pscustomobjects x 5 properties ({:.1} MB document)",
        text.len() as f64 / 1e6
    );
    println!(
        "  rosh      serialize {:>8.1} ms ({:>10.0} obj/s)  deserialize {:>8.1} ms ({:>10.0} obj/s)  both {:>10.0} obj/s",
        ser * 1e3,
        per_s(ser),
        de * 1e3,
        per_s(de),
        per_s(rosh_total)
    );
    println!(
        "  target: at least 500,000 obj/s each way; ratio to target: serialize {:.2}x, deserialize {:.2}x",
        per_s(ser) / 500_000.0,
        per_s(de) / 500_000.0
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("psrpcore_clixml.py");
    let py = python();
    let out = Command::new(&py).arg(&script).arg(N.to_string()).output();
    let parsed = out.ok().filter(|o| o.status.success()).and_then(|o| {
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let field = |name: &str| -> Option<f64> {
            let at = text.find(&format!("\"{name}\": "))? + name.len() + 4;
            text[at..]
                .split([',', '}'])
                .next()
                .and_then(|v| v.trim().parse().ok())
        };
        Some((field("serialize_s")?, field("deserialize_s")?))
    });
    match parsed {
        Some((pser, pde)) => {
            println!(
                "  psrpcore  serialize {:>8.1} ms ({:>10.0} obj/s)  deserialize {:>8.1} ms ({:>10.0} obj/s)  both {:>10.0} obj/s",
                pser * 1e3,
                per_s(pser),
                pde * 1e3,
                per_s(pde),
                per_s(pser + pde)
            );
            println!(
                "  rosh / psrpcore: serialize {:.1}x, deserialize {:.1}x, both {:.1}x (target at least 20x)",
                pser / ser,
                pde / de,
                (pser + pde) / rosh_total
            );
        }
        None => println!(
            "  psrpcore: not available ({} with psrpcore; run tests/run to create .venv)",
            py.display()
        ),
    }
}
