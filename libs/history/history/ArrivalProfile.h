#pragma once

// When visitors come, hour by hour: the one shape the history generator and the live demo share,
// so the demo day looks like the history before it.
namespace okno {

// Arrivals per local hour of day relative to the day's mean: a morning peak and an after-lunch
// one. Hours outside the standard day (a centre open late) get a steady 0.8.
constexpr double arrivalWeight(int hour)
{
    switch (hour) {
    case 8:
        return 1.1;
    case 9:
        return 1.5;
    case 10:
        return 1.4;
    case 11:
        return 1.0;
    case 12:
        return 0.9;
    case 13:
        return 1.3;
    case 14:
        return 1.2;
    case 15:
        return 0.9;
    case 16:
        return 0.5;
    default:
        return 0.8;
    }
}

// The largest weight of any hour: the rate a Poisson process is thinned from.
constexpr double maxArrivalWeight()
{
    return 1.5;
}

} // namespace okno
