#pragma once

#include <core/FrontOffice.h>
#include <core/Result.h>

namespace okno::ui {

// Where a fiscal cash register (ККТ under 54-ФЗ) plugs in: the cashier's terminal hands it every
// payment and reversal after the server has recorded it, and opens and closes its shift with the
// cash shift. Out of scope for now: NoFiscalRegister accepts everything and prints nothing.
class FiscalRegister
{
public:
    virtual ~FiscalRegister() = default;
    virtual Status openShift(const CashShift &shift) = 0;
    virtual Status registerPayment(const Payment &payment) = 0; // "приход" or "возврат прихода"
    virtual Status closeShift(const CashShift &shift, const ShiftTotals &totals) = 0;
};

class NoFiscalRegister final : public FiscalRegister
{
public:
    Status openShift(const CashShift &) override { return {}; }
    Status registerPayment(const Payment &) override { return {}; }
    Status closeShift(const CashShift &, const ShiftTotals &) override { return {}; }
};

} // namespace okno::ui
