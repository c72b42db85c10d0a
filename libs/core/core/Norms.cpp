#include "Norms.h"

namespace okno {

Norms::Norms()
{
    m_norms.insert(StageRole::Administrator, Norm{10, 5});
    m_norms.insert(StageRole::Consultant, Norm{20, 15});
    m_norms.insert(StageRole::Cashier, Norm{20, 10});
}

} // namespace okno
