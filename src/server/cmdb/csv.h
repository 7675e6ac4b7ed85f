// RFC 4180 CSV: a strict parser and a writer, pure functions over strings.
//
// The parser accepts quoted fields with "" escapes and embedded line breaks,
// CRLF, LF or lone CR line ends, a missing final line end and a leading UTF-8
// byte-order mark (spreadsheets write one). It rejects, with the line number,
// what a lenient parser would guess at: a quote inside an unquoted field,
// text after a closing quote, an unterminated quote, invalid UTF-8 or NUL.
//
// The writer quotes when needed and defuses spreadsheet formulas: a cell that
// starts with = + - @ tab or CR gets a leading apostrophe (OWASP "CSV
// injection"), which UnguardFormula removes again on import.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace steward::cmdb {

struct CsvRecord {
  std::vector<std::string> fields;
  int64_t line = 0;  // 1-based line on which the record starts
};

struct CsvLimits {
  size_t max_records = 100000;
  size_t max_fields = 256;
  size_t max_field_bytes = 1024 * 1024;
};

// Every record, blank lines included (as one empty field). InvalidArgument
// naming the line for malformed input or a limit exceeded.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, CsvLimits limits = {});

// One cell, formula-guarded and quoted when it holds , " CR LF or edge spaces.
std::string CsvCell(std::string_view value);
// Cells joined by ',' and ended by CRLF.
std::string CsvLine(const std::vector<std::string>& values);

// Removes the apostrophe CsvCell put before a formula character.
std::string UnguardFormula(std::string_view cell);

}  // namespace steward::cmdb
