#include "storage/database.h"

#include <cstdlib>

#include "core/log.h"

namespace steward::storage {

const Value& Row::Get(std::string_view column) const {
  for (size_t i = 0; i < columns_->size(); ++i) {
    if ((*columns_)[i] == column) return values_[i];
  }
  LogError("store bug: column {} not in result", column);
  std::abort();
}

bool Row::IsNull(std::string_view column) const { return Get(column).is_null(); }

int64_t Row::Int(std::string_view column) const {
  auto v = OptInt(column);
  if (!v) {
    LogError("store bug: column {} is NULL", column);
    std::abort();
  }
  return *v;
}

std::optional<int64_t> Row::OptInt(std::string_view column) const {
  const auto& v = Get(column).variant();
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (auto* i = std::get_if<int64_t>(&v)) return *i;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  const auto& s = std::get<std::string>(v);
  char* end = nullptr;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (end == s.c_str()) {
    LogError("store bug: column {} is not an integer", column);
    std::abort();
  }
  return n;
}

double Row::Real(std::string_view column) const {
  const auto& v = Get(column).variant();
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Row::Text(std::string_view column) const { return OptText(column).value_or(""); }

std::optional<std::string> Row::OptText(std::string_view column) const {
  const auto& v = Get(column).variant();
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* b = std::get_if<Bytes>(&v)) return b->data;
  return std::to_string(std::get<double>(v));
}

std::string Row::Blob(std::string_view column) const {
  const auto& v = Get(column).variant();
  if (auto* b = std::get_if<Bytes>(&v)) return b->data;
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return {};
}

Result<Row> Connection::QueryOne(std::string_view sql, std::initializer_list<Value> params) {
  return QueryOne(sql, Params(params));
}

Result<Row> Connection::QueryOne(std::string_view sql, const Params& params) {
  STEWARD_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return Status::NotFound("row");
  return std::move(rows.front());
}

Result<std::optional<Row>> Connection::QueryOptional(std::string_view sql, const Params& params) {
  STEWARD_ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

}  // namespace steward::storage
