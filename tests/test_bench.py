"""A smoke run of `python -m bench` on a small database: the benchmark's plumbing (building
and caching the database, children reporting back, the table and the JSON) still works. It
times nothing; speed is measured by running the benchmark, never by a test."""

import json

import pytest

from bench.__main__ import QUICK, main


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One database of 200 cases for the SQLite runs here, built by the first that needs it:
    each is read-only to them (writes go to scratch copies), and building costs seconds."""
    return tmp_path_factory.mktemp("bench-cache")


def test_quick_bench_runs_and_reports(tmp_path, capsys, cache):
    out = tmp_path / "bench.json"
    args = ["--quick", "--no-compile", "--sizes", "200", "--only", "advance,verify", "--encrypted",
            "--cache", str(cache), "--json", str(out)]
    result = main(args)
    printed = capsys.readouterr().out
    assert "| advance a case" in printed and "| audit verify" in printed
    saved = json.loads(out.read_text())
    assert saved["databases"]["200"]["cases"] == 200
    figures = saved["figures"]["200"]
    assert figures["advance"]["advances"] > 0 and figures["verify"]["events"] > 0
    assert {r["figure"] for r in result["rows"]} >= {"advance a case (per advance; per second)"}
    # The same figures on an encrypted copy, each beside the plain one.
    assert "encryption at rest:" in printed
    costs = {r["figure"]: r for r in saved["encryption_cost"]}
    assert costs["audit verify, whole trail (events/s)"]["encrypted"] > 0
    assert saved["encrypted"]["200"]["verify"]["events"] == figures["verify"]["events"]
    [locked] = cache.glob("cases-200-*.encrypted.db")
    assert not locked.read_bytes().startswith(b"SQLite format 3")
    # A second run finds the database in the cache instead of building it again.
    [built] = [p for p in cache.glob("cases-200-*.db") if "encrypted" not in p.name]
    stamp = built.stat().st_mtime_ns
    main(["--quick", "--no-compile", "--sizes", "200", "--only", "verify", "--cache", str(cache)])
    assert built.stat().st_mtime_ns == stamp


def test_quick_cli_bench_prints_each_command_beside_its_floor(capsys, cache):
    """`--only cli`: show, list and advance each beside the minimal program, with the read
    commands held to 3x it (the bench itself refuses a minimal program that prints other rows)."""
    result = main(["--quick", "--no-compile", "--sizes", "200", "--only", "cli", "--cache", str(cache)])
    printed = capsys.readouterr().out
    rows = {r["figure"]: r for r in result["rows"]}
    for figure in ("command line: casework show REF --json",
                   "command line: casework show REF --json, restricted papers read (recorded)",
                   "command line: casework list --json (every open case)"):
        row = rows[figure]
        assert row["value"] > 0 and row["baseline"] > 0 and row["target"] == "ratio <= 3"
        assert row["met"] is (row["value"] / row["baseline"] <= 3)
        assert f"| {figure} | 200 |" in printed
    advance = rows["command line: casework advance REF EVENT --note"]
    assert advance["value"] > 0 and advance["baseline"] > 0 and advance["met"] is None
    missed = [m for m in result["missed"] if m.startswith("command line")]
    assert len(missed) == sum(not rows[f]["met"] for f in rows if rows[f]["met"] is not None)


def test_quick_handlers_bench_checks_every_update_landed(capsys, monkeypatch, cache):
    """`--only handlers`: processes working at once through casework and as plain statements,
    each beside the other, every reported operation found in the database afterwards. Here two
    processes for a second, on SQLite only (as where no PostgreSQL server can be started)."""
    from bench import pg

    monkeypatch.setitem(QUICK, "handlers_s", 1)
    monkeypatch.setattr(pg, "unavailable", lambda: "no server in this test")
    result = main(["--quick", "--no-compile", "--sizes", "200", "--only", "handlers", "--handlers", "2",
                   "--cache", str(cache)])
    printed = capsys.readouterr().out
    assert "many handlers at once on SQLite" in printed and "(not on PostgreSQL: no server" in printed
    [row] = result["handlers"]["SQLite"]
    assert row["handlers"] == 2 and row["cases"] == 200
    assert row["ops_per_s"] > 0 and row["floor_ops_per_s"] > 0 and row["p99_ms"] >= row["p50_ms"] > 0
    assert (row["lost"], row["unreported"], row["chain_ok"], row["floor_intact"]) == (0, 0, True, True)
    assert row["refusals"] == 0 and row["met"] is True  # below eight, only "none lost" is held
    assert "PostgreSQL" not in result["handlers"] and result["figures"]["200"]["handlers"]["seconds"] == 1


def test_quick_pg_bench_measures_every_part_on_a_server_it_starts(tmp_path, capsys):
    """`--only pg`: start-up, typing, advance, verify and the command line on PostgreSQL, each
    beside a psycopg floor, the targets evaluated; nothing measured on SQLite. With
    `--net-delay-ms` and `--delayed advance`, the advance again through the delaying proxy,
    slower than without it; and the round trips of a keystroke, opening a case and an advance,
    held to their targets. (One run for both: each starts a server and builds its cases.)"""
    from bench.pg_server import PgServer

    if reason := PgServer().available():
        pytest.skip(reason)
    result = main(["--quick", "--no-compile", "--sizes", "200", "--only", "pg", "--net-delay-ms", "5",
                   "--delayed", "advance", "--cache", str(tmp_path / "cache")])
    printed = capsys.readouterr().out
    assert result["figures"] == {} and "on PostgreSQL" in printed
    pg = result["postgresql"]
    assert pg["databases"]["200"]["cases"] == 200
    assert set(pg["figures"]["200"]) == {"tui", "advance", "verify", "cli", "trips"}
    rows = {r["figure"]: r for r in pg["rows"]}
    for figure, target in (("TUI start-up to the first painted queue", "ratio <= 1.5"),
                           ("the filter's queue service alone (no screen), median", "ratio <= 3"),
                           ("advance a case (per advance; per second)", "ratio <= 3"),
                           ("audit verify, whole trail (events/s)", "ratio <= 2"),
                           ("command line: casework list --json (every open case)", "ratio <= 3")):
        row = rows[figure]
        assert row["value"] > 0 and row["baseline"] > 0 and row["target"] == target
        assert row["met"] is (row["value"] / row["baseline"] <= float(target.split()[-1]))
    assert "psycopg" in rows["the filter's queue service alone (no screen), median"]["baseline_is"]
    # Each typed figure beside a bare Textual app typing the same keys with the same rows.
    for figure in ("filter", "a reference typed,", "note search"):
        for stat in ("median", "p95"):
            row = rows[f"{figure} per keystroke to the page drawn, {stat}"]
            assert row["baseline"] > 0 and row["baseline_is"] == "bare Textual app, same keys and rows"
            assert row["target"].startswith("ratio <= 1.3")
    assert [m for m in result["missed"] if m.endswith("(PostgreSQL)")] == [
        f"{r['figure']} at 200 cases: {r['target']} (PostgreSQL)" for r in pg["rows"] if r["met"] is False]

    assert "through a proxy adding 5 ms each way" in printed
    assert set(pg["delayed"]["figures"]["200"]) == {"advance"}
    near, far = pg["figures"]["200"]["advance"], pg["delayed"]["figures"]["200"]["advance"]
    # An advance waits on the server several times, each now 10 ms longer.
    assert far["advance_ms"] > near["advance_ms"] + 20 and far["rows_ms"] > near["rows_ms"] + 20
    trips = {r["figure"]: r for r in pg["rows"] if r["figure"].startswith("round trips")}
    assert {r["target"] for r in trips.values()} == {"<= 1", "<= 3"}
    for r in trips.values():
        assert isinstance(r["value"], int) and r["value"] >= 1
        assert r["met"] is (r["value"] <= int(r["target"].split()[-1]))


def test_delayed_names_only_parts_measured_on_postgresql(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--quick", "--no-compile", "--only", "pg,verify", "--net-delay-ms", "1", "--delayed", "advance",
              "--cache", str(tmp_path / "cache")])
    assert "--delayed: advance is not measured on PostgreSQL here" in capsys.readouterr().err
