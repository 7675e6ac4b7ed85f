#!/usr/bin/env python3
"""Fails on SQL assembled from runtime strings (SECURITY.md rule 4).

SQL in Steward is constant text with `?` placeholders. Dynamic parts are only
other string literals, compile-time constants named kSomething, or the
TenantScope filter helper. This check tokenises every C++ file under the given
directories and reports any statement that contains SQL text and concatenates
(`+`, `+=`) something else onto it, or formats SQL with fmt/printf-style
calls. A line may opt out with a trailing `// sql-check: allow <reason>`;
each such exception is listed in the output so it stays visible.

Usage: check_sql.py DIR... ; exit 1 on violations.
"""
import pathlib
import re
import sys

SQL = re.compile(r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|DATABASE|SCHEMA)|ALTER\s+TABLE|DROP\s+TABLE)\b|\bWHERE\b|\bAND\s+\w+(\.\w+)?\s*(=|<|>|LIKE)")
TOKEN = re.compile(
    r'(?P<raw>R"(?P<delim>[^(\s]*)\((?:.|\n)*?\)(?P=delim)")'
    r'|(?P<str>"(?:\\.|[^"\\\n])*")'
    r"|(?P<chr>'(?:\\.|[^'\\\n])*')"
    r"|(?P<id>[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)"
    r"|(?P<num>\d[\w.]*)"
    r"|(?P<op>\+=|\+\+|->|::|[-+*/%=<>!&|^~?:;,.(){}\[\]#])"
    r"|(?P<ws>\s+)"
    r"|(?P<other>.)")
FORMATTERS = {"fmt::format", "std::format", "snprintf", "sprintf", "absl::StrCat", "fmt::sprintf"}
# Variables that hold SQL under construction. Every statement that appends to
# one is checked, so concatenating one of them onto SQL is as safe as a literal.
SQL_VARS = {"sql", "where", "stmt", "order_by"}


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif text[i] == '"' or (text[i] == 'R' and text.startswith('R"', i)):
            m = TOKEN.match(text, i)
            out.append(m.group(0))
            i = m.end()
        elif text[i] == "'":
            m = TOKEN.match(text, i)
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def is_literal(tok):
    return tok[0] in ("raw", "str")


def allowed_operand(tokens, k):
    """True if the operand starting at tokens[k] is a literal or a constant."""
    if k >= len(tokens):
        return True
    kind, val, _ = tokens[k]
    if is_literal(tokens[k]):
        return True
    if kind == "id" and val in SQL_VARS:
        return True
    if kind == "id" and re.fullmatch(r"k[A-Z]\w*", val.split("::")[-1]):
        return True
    if kind == "id" and val in ("std::string", "std::string_view") and k + 2 < len(tokens) \
            and tokens[k + 1][1] == "(" and tokens[k + 2][0] == "id" \
            and re.fullmatch(r"k[A-Z]\w*", tokens[k + 2][1].split("::")[-1]):
        return True
    return False


def check_file(path):
    raw = path.read_text(encoding="utf-8", errors="replace")
    allow_lines = {n + 1 for n, l in enumerate(raw.split("\n")) if "sql-check: allow" in l}
    text = strip_comments(raw)
    tokens, line = [], 1
    for m in TOKEN.finditer(text):
        kind = m.lastgroup if m.lastgroup != "delim" else "raw"
        if m.group("raw"):
            kind = "raw"
        val = m.group(0)
        if kind not in ("ws",):
            tokens.append((kind, val, line))
        line += val.count("\n")
    problems, allowed = [], []
    stmt = []
    for tok in tokens + [("op", ";", line)]:
        if tok[1] != ";" and tok[1] != "{" and tok[1] != "}":
            stmt.append(tok)
            continue
        has_sql = any(is_literal(t) and SQL.search(t[1]) for t in stmt)
        sql_var_append = (len(stmt) >= 2 and stmt[0][1] in SQL_VARS and stmt[1][1] == "+=") or \
            (len(stmt) >= 3 and stmt[0][1] == "std::string" and stmt[1][1] in SQL_VARS and stmt[2][1] == "=")
        lines = {t[2] for t in stmt} | {t[2] - 1 for t in stmt[:1]} | {tok[2]}
        allow = bool(lines & allow_lines)
        if sql_var_append and stmt[0][1] == "std::string" and not allowed_operand(stmt, 3):
            (allowed if allow else problems).append(
                "%s:%d: initialises %s from %r" % (path, stmt[0][2], stmt[1][1], stmt[3][1] if len(stmt) > 3 else ""))
        if has_sql or sql_var_append:
            for i, t in enumerate(stmt):
                bad = None
                if t[1] in ("+", "+="):
                    if not allowed_operand(stmt, i + 1):
                        bad = "concatenates %r onto SQL" % stmt[i + 1][1]
                    elif t[1] == "+" and i > 0 and stmt[i - 1][0] == "id" and not allowed_operand(stmt, i - 1) \
                            and not (i > 1 and stmt[i - 2][1] in ("(", "::")):
                        bad = "concatenates %r onto SQL" % stmt[i - 1][1]
                elif t[0] == "id" and t[1] in FORMATTERS and has_sql:
                    bad = "formats SQL with %s" % t[1]
                if bad:
                    (allowed if allow else problems).append("%s:%d: %s" % (path, t[2], bad))
        stmt = []
    return problems, allowed


def main(dirs):
    problems, allowed = [], []
    for d in dirs:
        for path in sorted(pathlib.Path(d).rglob("*")):
            if path.suffix in (".cc", ".h") and path.is_file():
                p, a = check_file(path)
                problems += p
                allowed += a
    for a in allowed:
        print("check_sql: allowed exception: " + a)
    for p in problems:
        print("check_sql: " + p)
    if problems:
        print("check_sql: %d place(s) build SQL from runtime strings; bind values with ? instead" % len(problems))
        return 1
    print("check_sql: ok (%d allowed exception(s))" % len(allowed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["src"]))
