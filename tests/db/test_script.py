"""A migration's script is run statement by statement, split only where SQLite says one ends."""

from sqlite_utils import Database

from socialproof.db.script import run_script, statements

SCRIPT = """
    CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);  -- a comment; with a semicolon
    CREATE TABLE counts (n INTEGER);
    INSERT INTO counts VALUES (0);
    CREATE TRIGGER counted AFTER INSERT ON notes BEGIN
        UPDATE counts SET n = n + 1;
        UPDATE counts SET n = n + 0;
    END;
    INSERT INTO notes (body) VALUES ('one; two');
"""


def test_a_semicolon_in_a_string_a_comment_or_a_triggers_body_ends_no_statement():
    found = list(statements(SCRIPT))
    assert [s.split()[0] for s in found] == ["CREATE", "--", "INSERT", "CREATE", "INSERT"]
    assert found[3].endswith("END;") and "'one; two'" in found[4]


def test_the_script_runs_inside_the_callers_transaction():
    db = Database(memory=True)
    db.execute("CREATE TABLE before (id INTEGER)")
    db.conn.execute("BEGIN")
    run_script(db, SCRIPT)
    assert db.execute("SELECT body FROM notes").fetchall() == [("one; two",)]
    assert db.execute("SELECT n FROM counts").fetchall() == [(1,)]
    db.conn.rollback()  # nothing was committed behind the caller's back
    assert db.table_names() == ["before"]
