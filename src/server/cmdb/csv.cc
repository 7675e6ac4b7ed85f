#include "server/cmdb/csv.h"

#include "core/json.h"

namespace steward::cmdb {
namespace {

bool IsFormulaStart(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

Status ErrorAt(int64_t line, const std::string& message) {
  return Status::InvalidArgument("CSV line " + std::to_string(line) + ": " + message);
}

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, CsvLimits limits) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (!IsValidUtf8(text)) return Status::InvalidArgument("CSV is not valid UTF-8 text");

  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kFieldStart;
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  int64_t line = 1;
  int64_t quote_line = 1;
  record.line = 1;

  auto end_field = [&]() -> Status {
    if (record.fields.size() >= limits.max_fields) {
      return ErrorAt(record.line, "more than " + std::to_string(limits.max_fields) + " fields");
    }
    record.fields.push_back(std::move(field));
    field.clear();
    return Status::Ok();
  };
  auto end_record = [&]() -> Status {
    if (records.size() >= limits.max_records) {
      return ErrorAt(record.line, "more than " + std::to_string(limits.max_records) + " records");
    }
    records.push_back(std::move(record));
    record = CsvRecord{};
    return Status::Ok();
  };

  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool newline = c == '\n' || c == '\r';
    // A CRLF pair is one line end; a lone CR counts as one too.
    bool crlf = c == '\r' && i + 1 < text.size() && text[i + 1] == '\n';
    switch (state) {
      case State::kFieldStart:
      case State::kUnquoted:
        if (c == '"') {
          if (state == State::kUnquoted) {
            return ErrorAt(line, "a quote inside an unquoted field (quote the whole field)");
          }
          state = State::kQuoted;
          quote_line = line;
        } else if (c == ',') {
          STEWARD_RETURN_IF_ERROR(end_field());
          state = State::kFieldStart;
        } else if (newline) {
          STEWARD_RETURN_IF_ERROR(end_field());
          STEWARD_RETURN_IF_ERROR(end_record());
          if (crlf) ++i;
          ++line;
          record.line = line;
          state = State::kFieldStart;
        } else {
          field += c;
          state = State::kUnquoted;
        }
        break;
      case State::kQuoted:
        if (c == '"') {
          state = State::kAfterQuote;
        } else {
          field += c;
          if (c == '\n' || (c == '\r' && !crlf)) ++line;
        }
        break;
      case State::kAfterQuote:
        if (c == '"') {
          field += '"';  // "" is an escaped quote
          state = State::kQuoted;
        } else if (c == ',') {
          STEWARD_RETURN_IF_ERROR(end_field());
          state = State::kFieldStart;
        } else if (newline) {
          STEWARD_RETURN_IF_ERROR(end_field());
          STEWARD_RETURN_IF_ERROR(end_record());
          if (crlf) ++i;
          ++line;
          record.line = line;
          state = State::kFieldStart;
        } else {
          return ErrorAt(line, "unexpected text after a closing quote");
        }
        break;
    }
    if (field.size() > limits.max_field_bytes) {
      return ErrorAt(line,
                     "a field longer than " + std::to_string(limits.max_field_bytes) + " bytes");
    }
  }

  switch (state) {
    case State::kQuoted:
      return ErrorAt(quote_line, "unterminated quoted field");
    case State::kUnquoted:
    case State::kAfterQuote:
      STEWARD_RETURN_IF_ERROR(end_field());
      STEWARD_RETURN_IF_ERROR(end_record());
      break;
    case State::kFieldStart:
      // After a line end: nothing pending. After a trailing ',': one more
      // (empty) field completes the last record.
      if (!record.fields.empty()) {
        STEWARD_RETURN_IF_ERROR(end_field());
        STEWARD_RETURN_IF_ERROR(end_record());
      }
      break;
  }
  return records;
}

std::string CsvCell(std::string_view value) {
  std::string v;
  if (!value.empty() && IsFormulaStart(value.front())) v += '\'';
  v += value;
  bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
               (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvLine(const std::vector<std::string>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += CsvCell(values[i]);
  }
  out += "\r\n";
  return out;
}

std::string UnguardFormula(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && IsFormulaStart(cell[1])) {
    return std::string(cell.substr(1));
  }
  return std::string(cell);
}

}  // namespace steward::cmdb
