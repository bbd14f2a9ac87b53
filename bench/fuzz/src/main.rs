//! `callsheet-fuzz`: a mutation fuzzer for every parser, on stable Rust.
//!
//! ```text
//! callsheet-fuzz [--iterations N] [--seed S] [--out DIR] [TARGET...]
//! callsheet-fuzz --replay TARGET FILE      # one saved input, with its panic and backtrace
//! ```
//!
//! For each target (query, csv, po, xliff12, xliff20, xlsx, mspdi, plan; all by default)
//! it runs N inputs made from real documents by deterministic mutations (see `mutate`).
//! Each input runs on a thread with a small stack (1 MiB, half a server
//! thread's), so runaway recursion shows up here first. A panic is caught, counted and its
//! input saved. A stack overflow or an allocation failure kills the process: the driver
//! runs every target in a child process, and when a child dies it replays the inputs after
//! the child's last checkpoint one at a time, saving each first, so the input that killed
//! it is on disk. Run it under `ulimit -v` so a memory blow-up is a crash too
//! (`bench/fuzz.sh` does). Inputs slower than a second are reported with the slowest kept.

mod mutate;
mod targets;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const CHECKPOINT_EVERY: u64 = 2_000;
const STACK: usize = 1024 * 1024;

struct Args {
    iterations: u64,
    seed: u64,
    out: PathBuf,
    targets: Vec<String>,
    /// Worker mode: `(target, from, to, save_each)`.
    worker: Option<(String, u64, u64, bool)>,
    /// Replay mode: run one saved input, with the panic message and backtrace shown.
    replay: Option<(String, PathBuf)>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        iterations: 1_000_000,
        seed: 0x00C0_FFEE,
        out: PathBuf::from("bench/results/fuzz"),
        targets: Vec::new(),
        worker: None,
        replay: None,
    };
    let mut it = std::env::args().skip(1);
    let number = |v: Option<String>, flag: &str| {
        v.and_then(|v| v.replace('_', "").parse::<u64>().ok())
            .ok_or_else(|| format!("{flag} takes a number"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--iterations" => args.iterations = number(it.next(), "--iterations")?,
            "--seed" => args.seed = number(it.next(), "--seed")?,
            "--out" => args.out = PathBuf::from(it.next().ok_or("--out takes a folder")?),
            "--worker" => {
                let target = it.next().ok_or("--worker takes a target")?;
                let from = number(it.next(), "--worker")?;
                let to = number(it.next(), "--worker")?;
                let save = it.next().as_deref() == Some("save");
                args.worker = Some((target, from, to, save));
            }
            "--replay" => {
                let target = it.next().ok_or("--replay takes a target and a file")?;
                let file = it.next().ok_or("--replay takes a target and a file")?;
                args.replay = Some((target, PathBuf::from(file)));
            }
            "--help" | "-h" => return Err(String::new()),
            name => args.targets.push(name.to_string()),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "{e}\nusage: callsheet-fuzz [--iterations N] [--seed S] [--out DIR] [TARGET...]"
            );
            return ExitCode::from(2);
        }
    };
    if let Some((name, file)) = &args.replay {
        let Some(target) = targets::all().into_iter().find(|t| t.name == name) else {
            eprintln!("no target {name}");
            return ExitCode::from(2);
        };
        let Ok(input) = std::fs::read(file) else {
            eprintln!("cannot read {}", file.display());
            return ExitCode::from(2);
        };
        (target.run)(&input);
        println!("{name}: {} ran without a panic", file.display());
        return ExitCode::SUCCESS;
    }
    if let Some((target, from, to, save)) = &args.worker {
        return worker(&args, target, *from, *to, *save);
    }
    drive(&args)
}

/// Runs one input on a small stack; Some(message) when it panicked.
fn run_one(run: fn(&[u8]), input: Vec<u8>) -> Option<String> {
    let handle = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || std::panic::catch_unwind(|| run(&input)));
    match handle.map(|h| h.join()) {
        Ok(Ok(Ok(()))) => None,
        Ok(Ok(Err(p))) | Ok(Err(p)) => Some(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
        Err(e) => Some(format!("could not start a thread: {e}")),
    }
}

/// The child: runs inputs `from..to` of one target, printing checkpoints and findings.
fn worker(args: &Args, name: &str, from: u64, to: u64, save_each: bool) -> ExitCode {
    std::panic::set_hook(Box::new(|_| {}));
    let Some(target) = targets::all().into_iter().find(|t| t.name == name) else {
        eprintln!("no target {name}");
        return ExitCode::from(2);
    };
    let _ = std::fs::create_dir_all(&args.out);
    let mut slowest = Duration::ZERO;
    let mut out = std::io::stdout().lock();
    for i in from..to {
        let input = mutate::input(args.seed, i, &target.seeds, target.words);
        if save_each {
            let _ = std::fs::write(args.out.join(format!("{name}-last-input.bin")), &input);
        }
        let started = Instant::now();
        if let Some(message) = run_one(target.run, input.clone()) {
            let path = args.out.join(format!("{name}-panic-{i}.bin"));
            let _ = std::fs::write(&path, &input);
            let _ = writeln!(
                out,
                "panic {i} {} {}",
                path.display(),
                message.replace('\n', " ")
            );
        }
        let took = started.elapsed();
        if took > slowest {
            slowest = took;
            if took > Duration::from_secs(1) {
                let path = args.out.join(format!("{name}-slow.bin"));
                let _ = std::fs::write(&path, &input);
                let _ = writeln!(out, "slow {i} {} {:.1}", path.display(), took.as_secs_f64());
            }
        }
        if (i + 1) % CHECKPOINT_EVERY == 0 {
            let _ = writeln!(out, "ckpt {}", i + 1);
            let _ = out.flush();
        }
    }
    let _ = writeln!(out, "done {to} slowest_ms {}", slowest.as_millis());
    ExitCode::SUCCESS
}

/// What one target's run found.
#[derive(Default)]
struct Findings {
    ran: u64,
    panics: Vec<String>,
    crashes: Vec<String>,
    slow: Vec<String>,
    slowest_ms: u64,
}

fn spawn(
    args: &Args,
    name: &str,
    from: u64,
    to: u64,
    save: bool,
) -> std::io::Result<std::process::Child> {
    let exe = std::env::current_exe()?;
    Command::new(exe)
        .arg("--seed")
        .arg(args.seed.to_string())
        .arg("--out")
        .arg(&args.out)
        .arg("--worker")
        .arg(name)
        .arg(from.to_string())
        .arg(to.to_string())
        .arg(if save { "save" } else { "fast" })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
}

/// Runs a child over `from..to`, returning (last checkpoint, whether it finished).
fn watch(
    args: &Args,
    name: &str,
    from: u64,
    to: u64,
    save: bool,
    found: &mut Findings,
) -> (u64, bool) {
    let mut checkpoint = from;
    let Ok(mut child) = spawn(args, name, from, to, save) else {
        found.crashes.push("could not start a worker".into());
        return (from, false);
    };
    let mut finished = false;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let mut words = line.splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("ckpt"), Some(n), _) => checkpoint = n.parse().unwrap_or(checkpoint),
                (Some("panic"), Some(i), Some(rest)) => {
                    found.panics.push(format!("input {i}: {rest}"))
                }
                (Some("slow"), Some(i), Some(rest)) => {
                    found.slow.push(format!("input {i}: {rest} s"))
                }
                (Some("done"), _, Some(rest)) => {
                    finished = true;
                    let ms = rest.trim_start_matches("slowest_ms ").parse().unwrap_or(0);
                    found.slowest_ms = found.slowest_ms.max(ms);
                }
                _ => {}
            }
        }
    }
    let status = child.wait();
    (checkpoint, finished && status.is_ok_and(|s| s.success()))
}

/// Runs a target to the end, replaying past any crash to find and save its input.
fn fuzz_target(args: &Args, name: &str) -> Findings {
    let mut found = Findings::default();
    let mut from = 0;
    while from < args.iterations {
        let (checkpoint, finished) = watch(args, name, from, args.iterations, false, &mut found);
        if finished {
            break;
        }
        // The child died between `checkpoint` and the next one: replay that stretch, one
        // input at a time, saving each before it runs.
        let to = (checkpoint + CHECKPOINT_EVERY).min(args.iterations);
        let (_, replayed) = watch(args, name, checkpoint, to, true, &mut found);
        let saved = args.out.join(format!("{name}-last-input.bin"));
        let kept = args.out.join(format!("{name}-crash-{checkpoint}.bin"));
        if replayed {
            found.crashes.push(format!(
                "a crash after input {checkpoint} did not happen again"
            ));
        } else {
            let _ = std::fs::rename(&saved, &kept);
            found.crashes.push(format!(
                "crash after input {checkpoint}: input saved as {}",
                kept.display()
            ));
        }
        from = to;
    }
    found.ran = args.iterations;
    found
}

fn drive(args: &Args) -> ExitCode {
    let all: Vec<&'static str> = targets::all().iter().map(|t| t.name).collect();
    let chosen: Vec<String> = if args.targets.is_empty() {
        all.iter().map(|s| s.to_string()).collect()
    } else {
        args.targets.clone()
    };
    if let Some(bad) = chosen.iter().find(|c| !all.contains(&c.as_str())) {
        eprintln!("no target {bad}; the targets are: {}", all.join(", "));
        return ExitCode::from(2);
    }
    let _ = std::fs::create_dir_all(&args.out);
    println!("target     inputs      seconds  panics  crashes  slow(>1s)  slowest_ms");
    let mut clean = true;
    for name in &chosen {
        let started = Instant::now();
        let found = fuzz_target(args, name);
        println!(
            "{name:<10} {:>10} {:>10.1} {:>7} {:>8} {:>10} {:>11}",
            found.ran,
            started.elapsed().as_secs_f64(),
            found.panics.len(),
            found.crashes.len(),
            found.slow.len(),
            found.slowest_ms
        );
        for line in found
            .panics
            .iter()
            .chain(&found.crashes)
            .chain(&found.slow)
            .take(20)
        {
            println!("    {line}");
        }
        clean &= found.panics.is_empty() && found.crashes.is_empty();
    }
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The CI smoke: a few thousand inputs per target, in process, none may panic.
    #[test]
    fn every_parser_survives_a_short_fuzz() {
        let n: u64 = std::env::var("CALLSHEET_FUZZ_SMOKE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_500);
        for target in targets::all() {
            assert!(
                !target.seeds.iter().all(Vec::is_empty),
                "{} has seeds",
                target.name
            );
            for i in 0..n {
                let input = mutate::input(7, i, &target.seeds, target.words);
                if let Some(message) = run_one(target.run, input.clone()) {
                    let _ = std::fs::write(
                        std::path::Path::new("/tmp").join(format!("{}-{i}.bin", target.name)),
                        &input,
                    );
                    panic!("{} input {i} panicked: {message}", target.name);
                }
            }
        }
    }
}
