// DurationHistogram: a mergeable histogram of whole seconds whose Summary is exactly the one
// Summary::of computes from the raw durations (count, mean, exact median and p90, max, within norm).

#include "CoreTestSupport.h"

#include "core/DurationHistogram.h"
#include "core/Statistics.h"

#include <random>

using namespace okno;
using namespace Qt::StringLiterals;

namespace {

void requireSame(const Summary &a, const Summary &b)
{
    REQUIRE(a.count == b.count);
    REQUIRE(a.mean == Approx(b.mean));
    REQUIRE(a.median == b.median);
    REQUIRE(a.p90 == b.p90);
    REQUIRE(a.max == b.max);
    REQUIRE(a.withinNorm == b.withinNorm);
    REQUIRE(a.withinNormShare == Approx(b.withinNormShare));
}

} // namespace

TEST_CASE("an empty histogram summarises like no durations", "[histogram]")
{
    requireSame(DurationHistogram{}.summary(600), Summary::of({}, 600));
}

TEST_CASE("histograms merged from parts summarise exactly like all the raw durations", "[histogram]")
{
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        const int n = std::uniform_int_distribution<int>(1, 300)(rng);
        const int parts = std::uniform_int_distribution<int>(1, 7)(rng);
        QList<qint64> all;
        QList<DurationHistogram> pieces(parts);
        for (int i = 0; i < n; ++i) {
            const qint64 d = std::uniform_int_distribution<qint64>(0, round % 2 ? 40 : 5000)(rng);
            all.append(d);
            pieces[std::uniform_int_distribution<int>(0, parts - 1)(rng)].add(d);
        }
        DurationHistogram merged;
        for (const DurationHistogram &p : pieces)
            merged.merge(p);
        const qint64 norm = std::uniform_int_distribution<qint64>(0, 3000)(rng);
        requireSame(merged.summary(norm), Summary::of(all, norm));
    }
}

TEST_CASE("a histogram survives its text form", "[histogram]")
{
    DurationHistogram h;
    for (qint64 d : {5, 5, 17, 900, 0, 17, 17})
        h.add(d);
    const auto back = DurationHistogram::fromText(h.toText());
    REQUIRE(back.has_value());
    requireSame(back->summary(17), h.summary(17));
    REQUIRE_FALSE(DurationHistogram::fromText(u"5:x"_s).has_value());
}
