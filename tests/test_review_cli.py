"""``argmap review``: exit codes 0/1/2, the text output, JSON on stdout, --symmetric and --verdicts."""

from __future__ import annotations

import json

from maps import every_kind

from argmap.bulk import write_graph
from argmap.graph_build import GraphBuilder
from argmap.storage import Database
from tests.test_review_findings import weak_map


def store(db: Database, *graphs) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for g in graphs:
            write_graph(s, g)


def test_a_map_without_errors_exits_0_with_a_text_report(db: Database, cli) -> None:  # type: ignore[no-untyped-def]
    store(db, every_kind())
    result = cli("review")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "warning: evidence-without-source [#4, #1]"
    assert lines[1].startswith('  Evidence #2 (observation) "Shop owners signed a petition."')
    assert lines[2].startswith("  fix: ")
    assert "info: unanswered-objection [#6, #1]" in lines
    assert lines[-4:] == [
        'main conclusion #1 "Bridge"',
        "  accepted: supported by (#2 + #3) and #4, which hold; its objections fail: from #5 because it is "
        "answered by #7, which stands; from #8 because premise #8 is rejected",
        "verdicts: 7 accepted, 2 rejected, 0 undecided (9 claims)",
        "findings: 0 errors, 3 warnings, 1 info",
    ]
    assert result.stderr == ""


def test_an_error_finding_exits_1(db: Database, cli) -> None:  # type: ignore[no-untyped-def]
    store(db, weak_map(), every_kind())
    result = cli("review", "--map", "weak")
    assert result.code == 1
    assert result.stdout.splitlines()[0] == "error: circular-support [#4, #6, #5]"
    assert result.stdout.splitlines()[-1] == "findings: 3 errors, 9 warnings, 3 info"
    assert cli("review", "-m", "every-kind").code == 0


def test_usage_errors_exit_2(db: Database, cli) -> None:  # type: ignore[no-untyped-def]
    store(db, weak_map(), every_kind())
    bad_format = cli("review", "--map", "weak", "--format", "xml")
    assert bad_format.code == 2 and "'xml' is not one of 'text', 'json'" in bad_format.stderr
    assert bad_format.stdout == ""
    missing = cli("review", "--map", "nope")
    assert missing.code == 2 and "no map named 'nope'" in missing.stderr and "weak" in missing.stderr
    several = cli("review")
    assert several.code == 2 and "several maps here" in several.stderr
    assert cli("review", "--no-such-option").code == 2


def test_an_empty_database_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review")
    assert result.code == 2 and "no maps yet" in result.stderr


def test_json_output_is_the_report(db: Database, cli) -> None:  # type: ignore[no-untyped-def]
    store(db, weak_map())
    result = cli("review", "--format", "json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert data["map"] == "weak" and data["stats"]["claims"] == 16
    assert [f["code"] for f in data["findings"]][:3] == ["circular-support", "contradiction-accepted",
                                                         "quote-mismatch"]
    assert data["labels"]["1"] == "rejected" and data["reasons"]["1"] == "rejected: attacked by #8, which stands"


def test_symmetric_and_verdicts(db: Database, cli) -> None:  # type: ignore[no-untyped-def]
    b = GraphBuilder("sym")
    thesis, reason, objection = b.claim("Thesis"), b.claim("Reason"), b.claim("Objection")
    b.support([reason], thesis)
    b.attack([objection], claim=thesis)
    store(db, b.build())
    plain = cli("review", "--verdicts")
    assert f'#{thesis} "Thesis": rejected: attacked by #{objection}, which stands' in plain.stdout.splitlines()
    sym = cli("review", "--verdicts", "--symmetric")
    assert sym.code == 0
    assert (f'#{thesis} "Thesis": undecided: attacked by #{objection}, which is undecided (it is caught in a cycle '
            "that nothing outside resolves)") in sym.stdout.splitlines()
    assert "verdicts: 1 accepted, 0 rejected, 2 undecided (3 claims, rebuttals read as mutual)" in sym.stdout
    data = json.loads(cli("review", "--symmetric", "-f", "json").stdout)
    assert data["stats"]["symmetric"] is True and data["labels"][str(objection)] == "undecided"


def test_help_has_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("review", "--help")
    assert result.code == 0
    assert "Example: argmap review --map sahel --verdicts" in result.stdout
    assert "--symmetric" in result.stdout and "Exit status" in result.stdout


def test_an_empty_map_reviews_cleanly(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("new-map", "empty").code == 0
    text = cli("review")
    assert text.code == 0 and text.stdout.splitlines() == [
        "verdicts: 0 accepted, 0 rejected, 0 undecided (0 claims)", "findings: 0 errors, 0 warnings, 0 info"]
    data = json.loads(cli("review", "-f", "json").stdout)
    assert data["findings"] == [] and data["labels"] == {} and data["stats"]["main_claim"] is None
