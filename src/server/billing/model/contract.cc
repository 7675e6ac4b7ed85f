#include "server/billing/model/contract.h"

namespace steward::billing {

std::string_view ContractStatusName(ContractStatus s) {
  switch (s) {
    case ContractStatus::kActive:
      return "active";
    case ContractStatus::kTerminated:
      return "terminated";
    case ContractStatus::kEnded:
      return "ended";
  }
  return "active";
}

std::optional<ContractStatus> ParseContractStatus(std::string_view name) {
  for (ContractStatus s :
       {ContractStatus::kActive, ContractStatus::kTerminated, ContractStatus::kEnded}) {
    if (ContractStatusName(s) == name) return s;
  }
  return std::nullopt;
}

}  // namespace steward::billing
