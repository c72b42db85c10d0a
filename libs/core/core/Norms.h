#pragma once

#include "Types.h"

#include <QMap>

namespace okno {

// Recommended average times for one stage role, minutes (Table 1 of the standard).
struct Norm
{
    int waitMinutes = 0;
    int serviceMinutes = 0;
    friend bool operator==(const Norm &, const Norm &) = default;
};

class Norms
{
public:
    Norms(); // Table 1: administrator 10/5, consultant 20/15, cashier 20/10

    Norm of(StageRole r) const { return m_norms.value(r); }
    void set(StageRole r, Norm n) { m_norms.insert(r, n); }
    static bool isValid(const Norm &n)
    {
        return n.waitMinutes > 0 && n.waitMinutes <= 600 && n.serviceMinutes > 0 && n.serviceMinutes <= 600;
    }

    friend bool operator==(const Norms &, const Norms &) = default;

private:
    QMap<StageRole, Norm> m_norms;
};

} // namespace okno
