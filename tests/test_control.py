"""CI control: configuration, exit-code flags, filters, tolerances, baselines, suppressions, stories, jobs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from factcheck import pipeline, suppress, workers
from factcheck.cli import EXIT_CONFLICT, EXIT_OK, EXIT_USAGE, main
from factcheck.config import Config, ConfigError, load_config, parse_size, parse_tolerance
from factcheck.judge import Tolerance
from factcheck.model import Verdict
from helpers import mixed_folder

ROOT = Path(__file__).parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "repo" / "articles"
    shutil.copytree(SEEDS, target)
    (tmp_path / "repo" / ".git").mkdir()
    return target


def run(*args: str) -> int:
    return main(list(args))


# ---- configuration -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("20M", 20 * 1024**2), ("512K", 512 * 1024), ("1G", 1024**3), ("100", 100), ("1.5M", int(1.5 * 1024**2))],
)
def test_parse_size(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "-1", "0", "20X", "M", "lots"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_size(text)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("5%", Tolerance(relative=0.05)),
        ("2", Tolerance(absolute=2.0)),
        ("1d", Tolerance(absolute=1.0)),
        ("3 days", Tolerance(absolute=3.0)),
        (0, Tolerance()),
        ({"relative": 0.1, "absolute": 1}, Tolerance(absolute=1.0, relative=0.1)),
    ],
)
def test_parse_tolerance(spec: object, expected: Tolerance) -> None:
    assert parse_tolerance(spec) == expected


@pytest.mark.parametrize("spec", ["five", "-2", "5%%", {"rel": 1}, {"relative": -1}, True])
def test_parse_tolerance_rejects(spec: object) -> None:
    with pytest.raises(ConfigError):
        parse_tolerance(spec)


def test_config_found_by_walking_up_to_the_repo_root(tmp_path: Path) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / ".factcheck.toml").write_text('fail-on = "never"\nmin-sources = 3\n', encoding="utf-8")
    (tmp_path / ".factcheck.toml").write_text('fail-on = "compatible"\n', encoding="utf-8")  # above the repo
    loaded = load_config(articles)
    assert loaded.config.fail_on == "never"
    assert loaded.config.min_sources == 3
    assert loaded.origin["fail_on"].endswith(".factcheck.toml")


def test_config_search_stops_at_the_repo_root(tmp_path: Path) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / ".factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert load_config(articles).config == Config()


def test_pyproject_table(tmp_path: Path) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.factcheck-news]\nassume-date = 2025-10-31\n'
        '[tool.factcheck-news.tolerance]\ndistance = "5%"\ndate = "1d"\n',
        encoding="utf-8",
    )
    loaded = load_config(articles)
    assert str(loaded.config.assume_date) == "2025-10-31"
    assert loaded.config.tolerances.get("distance") == Tolerance(relative=0.05)
    assert loaded.config.tolerances.get("date") == Tolerance(absolute=1.0)
    assert loaded.config.tolerances.get("count") == Tolerance()


def test_pyproject_without_our_table_is_ignored(tmp_path: Path) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    assert load_config(articles).file is None


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('colour = "red"\n', "unknown key 'colour'"),
        ('fail-on = "sometimes"\n', "fail-on"),
        ("min-sources = 0\n", "min-sources"),
        ('assume-date = "yesterday"\n', "assume-date"),
        ('only = ["conflict", "maybe"]\n', "unknown verdict"),
        ('[tolerance]\ndistance = "lots"\n', "tolerance"),
        ("fail-on = \n", "cannot read"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str], toml: str,
                                     message: str) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / ".factcheck.toml").write_text(toml, encoding="utf-8")
    assert run("compare", str(articles)) == EXIT_USAGE
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert run("config", str(articles)) == EXIT_USAGE


def test_flags_override_the_file(tmp_path: Path) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / ".factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert run("compare", str(articles), "-q") == EXIT_OK
    assert run("compare", str(articles), "-q", "--fail-on", "conflict") == EXIT_CONFLICT


def test_config_command_shows_origins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = seeds_copy(tmp_path)
    (tmp_path / "repo" / ".factcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    assert run("config", str(articles), "--format", "json") == EXIT_OK
    doc = json.loads(capsys.readouterr().out)
    rows = {r["key"]: r for r in doc["settings"]}
    assert rows["fail-on"]["value"] == "never"
    assert rows["fail-on"]["origin"].endswith(".factcheck.toml")
    assert rows["min-sources"]["origin"] == "default"


def test_explicit_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "ci.toml"
    cfg.write_text('fail-on = "never"\n', encoding="utf-8")
    assert run("compare", str(SEEDS), "-q", "--config", str(cfg)) == EXIT_OK
    assert run("compare", str(SEEDS), "-q", "--config", str(tmp_path / "missing.toml")) == EXIT_USAGE


# ---- exit codes and filters ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ([], EXIT_CONFLICT),
        (["--fail-on", "never"], EXIT_OK),
        (["--fail-on", "compatible"], EXIT_CONFLICT),
        (["--exit-zero"], EXIT_OK),
        (["--only", "agree"], EXIT_OK),
        (["--min-sources", "4"], EXIT_OK),
        (["--tolerance", "date=5d", "--tolerance", "count=1"], EXIT_OK),
        (["--tolerance", "date=5d", "--tolerance", "count=1", "--fail-on", "compatible"], EXIT_CONFLICT),
        (["--fail-on", "often"], EXIT_USAGE),
        (["--only", "conflict,nope"], EXIT_USAGE),
        (["--tolerance", "distance"], EXIT_USAGE),
        (["--max-file-size", "huge"], EXIT_USAGE),
        (["--story", "T9"], EXIT_USAGE),
    ],
)
def test_exit_code_control(flags: list[str], code: int) -> None:
    assert run("compare", str(SEEDS), "-q", "-f", "json", "-o", os.devnull, *flags) == code


def test_only_and_min_sources_filter_groups(capsys: pytest.CaptureFixture[str]) -> None:
    run("compare", str(SEEDS), "-f", "json", "--only", "conflict,agree")
    doc = json.loads(capsys.readouterr().out)
    assert {g["verdict"] for g in doc["groups"]} == {"conflict", "agree"}
    run("compare", str(SEEDS), "-f", "json", "--min-sources", "3")
    doc = json.loads(capsys.readouterr().out)
    assert all(len({c["source"] for c in g["claims"]}) >= 3 for g in doc["groups"] if g["verdict"] != "single")
    assert [g["id"] for g in doc["groups"] if g["verdict"] == "conflict"] == ["G1", "G2"]  # ids as compare shows them
    assert "G3" not in {g["id"] for g in doc["groups"]}  # two sources only


def test_tolerance_turns_a_small_difference_compatible() -> None:
    base = pipeline.compare(SEEDS)
    treaty = next(g for g in base.groups if g.verdict is Verdict.CONFLICT and g.attribute == "date")
    loose = pipeline.compare(SEEDS, replace(Config(), tolerances=load_tolerances({"date": "4d"})))
    same = next(g for g in loose.groups if g.subject == treaty.subject and g.attribute == "date"
                and g.event == treaty.event)
    assert same.verdict is Verdict.COMPATIBLE
    assert "tolerance" in same.reason
    tight = pipeline.compare(SEEDS, replace(Config(), tolerances=load_tolerances({"date": "3d"})))
    assert next(g for g in tight.groups if g.subject == treaty.subject and g.attribute == "date"
                and g.event == treaty.event).verdict is Verdict.CONFLICT


def load_tolerances(items: dict[str, str]):  # type: ignore[no-untyped-def]
    from factcheck.config import with_tolerances
    from factcheck.judge import Tolerances

    return with_tolerances(Tolerances({}, Tolerance()), {k: parse_tolerance(v) for k, v in items.items()})


# ---- baselines -------------------------------------------------------------------------------

def test_baseline_round_trip_survives_moved_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = seeds_copy(tmp_path)
    base = tmp_path / "baseline.json"
    assert run("compare", str(articles), "-q", "--write-baseline", str(base)) == EXIT_OK
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert len(doc["findings"]) == 2 and all(len(f["fingerprint"]) == 32 for f in doc["findings"])
    capsys.readouterr()
    assert run("compare", str(articles), "-f", "json", "--baseline", str(base)) == EXIT_OK
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["baseline"] == {"path": str(base), "baselined": 2, "stale": 0}
    assert report["summary"]["verdicts"]["conflict"] == 0
    assert "2 finding(s) baselined" in out.err
    # Move lines: a new paragraph on top of every article; the baseline still matches.
    for f in sorted(articles.iterdir()):
        text = f.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        f.write_text(first + "\n\nEditor's note: this article was updated.\n\n" + rest, encoding="utf-8")
    assert run("compare", str(articles), "-q", "-f", "json", "-o", os.devnull, "--baseline", str(base)) == EXIT_OK


def test_baseline_reports_new_and_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = seeds_copy(tmp_path)
    base = tmp_path / "baseline.json"
    run("compare", str(articles), "-q", "--write-baseline", str(base))
    victim = next(f for f in sorted(articles.iterdir()) if "On October 21" in f.read_text(encoding="utf-8"))
    victim.write_text(victim.read_text(encoding="utf-8").replace("On October 21", "On October 22"), encoding="utf-8")
    capsys.readouterr()
    assert run("compare", str(articles), "-f", "json", "--baseline", str(base)) == EXIT_CONFLICT
    report = json.loads(capsys.readouterr().out)
    assert report["baseline"]["stale"] == 1
    assert report["baseline"]["baselined"] == 1
    assert report["summary"]["verdicts"]["conflict"] == 1


@pytest.mark.parametrize("content", ["", "{}", '{"version": 1}', "not json", '{"version": 1, "findings": [{}]}'])
def test_bad_baseline_is_a_usage_error(tmp_path: Path, content: str) -> None:
    base = tmp_path / "b.json"
    base.write_text(content, encoding="utf-8")
    assert run("compare", str(SEEDS), "-q", "--baseline", str(base)) == EXIT_USAGE
    assert run("compare", str(SEEDS), "-q", "--baseline", str(tmp_path / "none.json")) == EXIT_USAGE


# ---- inline suppressions -------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "silenced"),
    [
        ("a 1 <!-- factcheck: ignore -->\nb 2\n", ["a 1"]),
        ("<!-- factcheck: ignore -->\n\nb 2\nc 3\n", ["b 2"]),
        ("a 1\n<!-- factcheck: disable -->\nb 2\nc 3\n<!-- factcheck: enable -->\nd 4\n", ["b 2", "c 3"]),
        ("<!-- factcheck: disable -->\nb 2\n", ["b 2"]),
        ("a 1 <!--factcheck:IGNORE-->\r\nb 2\r\n", ["a 1"]),
        ("a 1 <!-- factcheck: ignored -->\n", []),
    ],
)
def test_suppression_stretches(text: str, silenced: list[str]) -> None:
    found = suppress.find(text)
    hit = [line for line in ("a 1", "b 2", "c 3", "d 4")
           if line in text and any(s.start <= text.index(line) < s.stop for s in found)]
    assert hit == silenced


ARTICLE_A = "date 2025-10-31\n\nTwo Il-76 aircraft arrived in Caracas on October 26.{mark}\n"
ARTICLE_B = "date 2025-10-31\n\nOne Il-76 aircraft arrived in Caracas on October 26.\n"


def test_ignore_comment_silences_a_conflict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(ARTICLE_A.format(mark=""), encoding="utf-8")
    (tmp_path / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    assert run("compare", str(tmp_path), "-q") == EXIT_CONFLICT
    (tmp_path / "a.md").write_text(ARTICLE_A.format(mark=" <!-- factcheck: ignore -->"), encoding="utf-8")
    capsys.readouterr()
    assert run("compare", str(tmp_path), "-f", "json") == EXIT_OK
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["suppressed"] >= 1
    assert doc["problems"] == []


def test_unused_suppression_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_text(ARTICLE_A.format(mark="") + "\nNo numbers here. <!-- factcheck: ignore -->\n",
                                   encoding="utf-8")
    (tmp_path / "b.md").write_text(ARTICLE_B, encoding="utf-8")
    assert run("compare", str(tmp_path), "-f", "json") == EXIT_CONFLICT
    out = capsys.readouterr()
    doc = json.loads(out.out)
    assert [(p["path"], p["line"]) for p in doc["problems"]] == [("a.md", 5)]
    assert "unused suppression" in doc["problems"][0]["message"]
    assert "a.md:5: unused suppression" in out.err


# ---- stories and jobs ----------------------------------------------------------------------

def test_mixed_folder_is_split_into_stories(tmp_path: Path) -> None:
    root = mixed_folder(tmp_path)
    report = pipeline.compare(root)
    folders = sorted(sorted({a.path.split("/")[0] for a in report.sources if a.id in s.sources})
                     for s in report.stories)
    assert folders == [["quake"], ["ratecut"], ["seeds"]]
    # Comparing within stories gives the same verdicts as comparing each story alone.
    alone = sum(pipeline.compare(ROOT / "fixtures" / s).summary.verdicts["conflict"]
                for s in ("seeds", "quake", "ratecut"))
    assert report.summary.verdicts["conflict"] == alone
    for g in report.groups:
        assert len({next(s.id for s in report.stories if c.source in s.sources) for c in g.claims}) == 1


def test_story_flag_picks_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = mixed_folder(tmp_path)
    report = pipeline.compare(root)
    seeds = next(s for s in report.stories if "Maduro" in s.name)
    run("compare", str(root), "-f", "json", "--story", seeds.id)
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["verdicts"]["conflict"] == 2
    assert [s["id"] for s in doc["stories"]] == [seeds.id]


def test_jobs_give_byte_identical_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck.render import render

    root = mixed_folder(tmp_path)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_CLAIMS", 1)  # the groups are judged in workers too
    one = render(pipeline.compare(root, replace(Config(), jobs=1)), "json")
    two = render(pipeline.compare(root, replace(Config(), jobs=2)), "json")
    assert one == two


def _where(shared: list[int], i: int) -> tuple[int, int]:
    return os.getpid(), shared[i]


def test_fork_imap_runs_in_workers_that_inherit_the_data() -> None:
    shared = list(range(100, 110))
    got = list(workers.fork_imap(_where, shared, len(shared), 2))
    assert [x for _, x in got] == shared  # in order, read from the inherited list
    assert os.getpid() not in {pid for pid, _ in got}
    assert list(workers.fork_imap(_where, shared, 3, 1)) == [(os.getpid(), 100), (os.getpid(), 101), (os.getpid(), 102)]


def test_claims_run_in_spawned_workers_each_sent_its_own_articles_where_forking_is_impossible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows has no fork: the claims stage must still run in --jobs processes, give the same
    # output, and send each task only the articles and entities it reads (not the whole archive).
    from factcheck.render import render

    monkeypatch.setattr(workers, "can_fork", lambda: False)
    assert list(workers.fork_imap(_where, [100, 101], 2, 2)) == [(os.getpid(), 100), (os.getpid(), 101)]
    root = mixed_folder(tmp_path)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 1)
    one = render(pipeline.compare(root, replace(Config(), jobs=1)), "json")
    sent: list[pipeline._ClaimsStage] = []
    real_map = pipeline._map

    def spy(func: Any, work: list[Any], *rest: Any) -> list[Any]:
        if func is pipeline._extract_own:
            sent.extend(work)
        return real_map(func, work, *rest)

    monkeypatch.setattr(pipeline, "_map", spy)
    seen: list[tuple[str, int, int]] = []
    assert render(pipeline.compare(root, replace(Config(), jobs=2), lambda *a: seen.append(a)), "json") == one
    claims_progress = [(done, total) for stage, done, total in seen if stage == "claims"]
    assert claims_progress[0][0] == 0 and claims_progress[-1][0] == claims_progress[-1][1] > 1  # in articles
    assert len(sent) > 1
    ids = [p.article.id for s in sent for p in s.ready if p.article]
    assert len(ids) == len(set(ids)) == len(sent)  # here one article per task, each sent once
    for s in sent:
        spellings = {(m.kind, m.norm, m.text) for p in s.ready for m in p.mentions}
        assert set(s.entity_at) == spellings and set(s.targets) == set(s.entity_at.values())


@pytest.mark.parametrize(("sizes", "count"), [([5, 1, 1, 1, 10, 2, 3], 4), ([1] * 10, 3), ([0, 0], 2), ([7], 8)])
def test_balanced_chunks_cover_every_index_once_in_order(sizes: list[int], count: int) -> None:
    chunks = workers.balanced_chunks(sizes, count)
    assert [i for c in chunks for i in c] == list(range(len(sizes)))
    assert len(chunks) <= max(count, 1)


# ---- as a CI job would run it ----------------------------------------------------------------

def test_console_script_in_a_git_repo_with_config_and_baseline(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    exe = Path(sys.executable).parent / "factcheck"
    if not exe.exists():
        pytest.skip("the console script is not installed in this environment")
    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "stories" / "venezuela")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "COLUMNS")}
    env.update(GIT_AUTHOR_NAME="ci", GIT_AUTHOR_EMAIL="ci@example.invalid", GIT_COMMITTER_NAME="ci",
               GIT_COMMITTER_EMAIL="ci@example.invalid", CI="true")
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    (repo / ".factcheck.toml").write_text('baseline = "factcheck-baseline.json"\n[tolerance]\ndistance = "5%"\n',
                                          encoding="utf-8")

    def job(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), *args], cwd=repo, capture_output=True, text=True, env=env)

    first = job("compare", "stories/venezuela", "--write-baseline", "factcheck-baseline.json", "-q")
    assert first.returncode == EXIT_OK, first.stderr
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "baseline"], cwd=repo, check=True, env=env)
    clean = job("compare", "stories/venezuela", "--format", "sarif", "-o", "out.sarif")
    assert clean.returncode == EXIT_OK, clean.stderr
    assert "2 finding(s) baselined" in clean.stderr
    assert json.loads((repo / "out.sarif").read_text(encoding="utf-8"))["runs"][0]["results"] == []
    # A new contradiction in a new article fails the job and shows up as an annotation.
    (repo / "stories" / "venezuela" / "005_update.txt").write_text(
        "date 2025-10-31\n\nThree Il-76 transport aircraft arrived in Caracas on October 26, officials said.\n",
        encoding="utf-8")
    failing = job("compare", "stories/venezuela", "--format", "github")
    assert failing.returncode == EXIT_CONFLICT, failing.stderr
    assert "::error file=stories/venezuela/" in failing.stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, env=env)
    assert status.stdout.split() == ["??", "out.sarif", "??", "stories/venezuela/005_update.txt"]


def test_quiet_and_verbose_tables() -> None:
    from factcheck.render.table import render_table

    report = pipeline.compare(SEEDS)
    quiet = render_table(report, width=100, verbosity=-1)
    assert "Sources" not in quiet and "Agreements" not in quiet
    assert "Conflicts (2)" in quiet and quiet.rstrip().endswith("9 single")
    normal = render_table(report, width=100)
    assert "Sources" in normal and "Agreements" in normal and "Stories" not in normal


def test_mixed_folder_table_lists_stories(tmp_path: Path) -> None:
    from factcheck.render.table import render_table

    text = render_table(pipeline.compare(mixed_folder(tmp_path)), width=120)
    assert "Stories (3)" in text
    assert "story T1" in text


@pytest.mark.parametrize("flag", ["-o", "--write-baseline"])
def test_never_writes_inside_the_articles_folder(tmp_path: Path, flag: str) -> None:
    articles = seeds_copy(tmp_path)
    assert run("compare", str(articles), "-q", flag, str(articles / "out.md")) == EXIT_USAGE
    assert not (articles / "out.md").exists()


def test_only_unsupported_languages_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "de.txt").write_text(
        "Die Regierung hat am Montag beschlossen, dass zwei neue Flugzeuge nach Caracas fliegen werden. "
        "Der Minister sagte, die Lieferung sei fuer die naechste Woche geplant und werde von der Armee "
        "begleitet.\n", encoding="utf-8")
    assert run("compare", str(tmp_path)) == EXIT_USAGE
    assert "no readable article in English or Russian" in capsys.readouterr().err


def test_cli_supported_languages_match_the_language_stage() -> None:
    from factcheck import cli, lang

    assert cli.SUPPORTED_LANGS == lang.SUPPORTED


def test_pre_commit_hook_definition() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for line in ("- id: factcheck", "entry: factcheck compare", "language: python", "pass_filenames: false",
                 "require_serial: true"):
        assert line in text
