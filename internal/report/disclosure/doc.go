// Package disclosure decides which counts of the annual integrity report may be published
// (domain.md §8): no count below the threshold (default 5) may be read from the report, nor
// recovered from totals, from other breakdowns, or from any combination of them.
//
// It is pure computation: the report builder describes the true counts and how a reader can
// relate them, Protect says which to suppress, and Audit attacks the result.
//
// # Describing the report
//
// Every published count is a Cell with a stable id; a count shown in several places is one cell
// (the total of reports under the breakdowns by channel, category, anonymity and unit; this
// year's total in the comparison with earlier years). A Constraint says Total = sum(Parts):
//
//   - a table (a partition) is one constraint: its total and its rows;
//   - the same total under several breakdowns: one constraint per table, sharing the total;
//   - a hierarchy: a row of one table that is the total of another — the same cell in both;
//   - a two-way table (unit × category) with published margins: one constraint per row and
//     per column, and the grand total over the row totals and over the column totals
//     (Problem.Grid);
//   - A ⊂ B (lighter-than-guidance decisions within all decisions): B = A + (B−A), where B−A
//     is a Hidden cell — never shown, but a count of people that is protected like the others
//     (Problem.Subset). Zero tolerance is the partition proven = sanctioned + not sanctioned;
//     the published flag "not every case was sanctioned" is AtLeast 1 on "not sanctioned",
//     the flag "every case was sanctioned" makes it a Public 0;
//   - an inequality sum(A) ≤ sum(B) (employees who had a conversation ≤ conversations; a
//     weighing that refers elsewhere ≤ cases closed as referred): Problem.LessEq, an equation
//     with a slack cell sum(B) − sum(A) — Hidden when the difference is itself a count of
//     people to protect, Auxiliary (unknown, non-negative, never protected) otherwise;
//     sum(A) = sum(B) with several cells on both sides: Problem.Equal, through an Auxiliary
//     cell. The solver sees only equations over non-negative integers: the slack makes the
//     inequality exact;
//   - earlier years: a count published in an earlier report is Public (known to everyone,
//     never suppressed); one suppressed there stays unknown: Hidden, so that this report does
//     not give it away (constraints between years, such as cases carried over, link them);
//   - figures: a median or share over N items depends on N: make N a cell (the total of the
//     table it belongs to, when it is one) and drop the figure when N is suppressed. A share
//     publishes its numerator (N × share: exactly for N ≤ 100 at whole percents): the
//     numerator must be a cell too, with Due = Met + Late as a constraint, and the share
//     dropped when either is suppressed.
//
// # Rules
//
// Primary suppression: every Published cell with a value below the threshold is suppressed,
// zero included. Zeros are suppressed because the attacker below knows which cells were
// suppressed for being small; if zeros were published, every such cell would be known to be at
// least 1, and then two suppressed cells that sum to 2 are both 1, and a suppressed total of 4
// over four suppressed rows (the other rows published as 0) pins every row to 1 — whatever
// else is suppressed. With zeros suppressed the attacker only knows a suppressed small cell is
// in [0, threshold−1], and such a pair is 0, 1 or 2 each. The cost: a table whose non-zero
// counts are all in one row must also hide that row or the total, or the zeros would follow
// by subtraction. A structural zero (a category that cannot occur) can be made Public.
//
// Complementary suppression, repeated until nothing leaks: (1) per constraint — while the
// unpublished cells of one constraint leak on their own (one unpublished cell; or small cells
// whose known sum leaves each of them at most two values in [1, threshold−1]), suppress the
// smallest published cell of that constraint, ties by id; (2) per connected group of
// constraints — while the exact attacker below finds a leak, suppress the smallest published
// cell in a constraint with a leaking cell (ties: the cell in most such constraints, then the
// smallest id), or else in any constraint of the group. Small values first keeps the
// information lost small; a total is suppressed when it is the smallest candidate. The result
// is deterministic: the same problem gives the same result, in whatever order its cells and
// constraints are listed.
//
// # The attacker
//
// Audit and Attack model a reader who knows: every published count; every constraint; every
// Public cell and every AtLeast; that counts are non-negative integers; the threshold; and —
// more than a reader can see — which suppressed cells were suppressed for being small, so that
// each of those is in [0, threshold−1]. Complementary and Hidden cells are only known to be
// non-negative; with Problem.StrictAttacker the attacker also knows that a complementary cell is
// at least the threshold (it knows the algorithm and the primary cells, hence that the other
// suppressed cells are not small). For every unpublished cell it computes the interval
// [min, max] over all integer solutions, exactly: bounds propagation over the equations to a
// fixed point (each equation bounds each of its unknowns by the bounds of the others), inside
// a complete depth-first search that splits domains, per connected group of unknowns (bounds
// tightening in the style of Fourier–Motzkin, made exact by the search). Cells
// without an upper bound are searched to well beyond their value (twice the sum of all
// counts, and more); an artificial bound can only narrow the intervals, so it errs towards
// reporting a leak. The search has node and step budgets that report-sized problems do not
// reach; should one run out, the interval is that of the solutions found, which again can
// only overstate a leak (Interval.Exact says which). The tests check the intervals against
// brute-force enumeration.
//
// A leak is:
//   - a Published cell below the threshold that is not suppressed;
//   - a suppressed cell — or a Hidden cell below the threshold — that is determined: its
//     interval is a single value (zeros included);
//   - a suppressed or Hidden cell below the threshold whose interval lies within
//     [1, threshold−1] and holds at most two values (Max − Min ≤ 1): known to be one or two,
//     or three or four, people.
//
// An interval such as [0, 1] is not a leak: it does not tell that anyone is in the cell.
// Protect guarantees Audit(p, Protect(p)) is empty unless Public cells (or Hidden cells pinned by
// them) give something away; those leaks are returned in Result.Unresolved, and the report must
// then leave out whatever makes the Public cell known. With StrictAttacker and a threshold
// of 3 or less this can also happen without Public cells: a suppressed total of two small cells
// is known to be at least the threshold and each cell at most threshold−1, so with threshold 3
// both are 1 or 2.
//
// # Limits
//
// The package protects against recovery by linear reasoning from what the report publishes,
// as far as the constraints describe it. It does not protect against:
//   - knowledge from outside the report: a reporter knows their own report, a manager the
//     cases in their unit; with that, "fewer than 5" can be enough to recognise someone;
//   - group disclosure: a breakdown that shows nearly everyone in a group in one category
//     ("12 of the 14 reports of unit X concern discrimination") says something about everyone
//     in it; that is published when the counts are not small;
//   - relations that were not described: a breakdown by a category that is not a partition
//     (a report that names several grounds counts once under each: the ground mentions do not
//     sum to the reports and must not be given a total that suggests they do), a figure whose
//     numerator is not a cell, differences with earlier or corrected editions of the report
//     (publish a corrected report only with the earlier edition's counts as Public cells);
//   - rounding: shares are assumed to give their numerators away exactly;
//   - medians and percentiles: they are not counts; suppress them with their N, and with
//     small N (below 2 × threshold, say) consider not publishing them at all.
//
// Performance: a year's report of 40 tables of 5 to 20 rows and a 10 × 6 unit table (about
// 600 cells) is protected in about 1 ms and audited in about 3 ms; a 25 × 20 table of mostly
// small counts (500 unknowns in one group) takes under a second.
package disclosure
