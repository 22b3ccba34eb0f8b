// Package sanctions holds the norms and the sanction guidance as a versioned rule set, and the
// pure, deterministic evaluation that maps assessed facts to the allowed sanctions and a
// recommended one (domain.md §6, issue 4 items 4–6).
//
// # The rule set
//
// A rule set (ruleset/v1.json, embedded) has a version id and an effective date and contains:
//
//   - norms: the six rules of chapter 1 "Omgaan met elkaar" of the Utrecht code of conduct
//     (GC-1.1 … GC-1.6, quoted verbatim) and one norm per integrity category of the taxonomy
//     (CAT-<category code>, paraphrased and marked so). Norms about discrimination carry
//     zero_tolerance;
//   - per norm and per severity (LOW, MEDIUM, HIGH): the allowed sanctions and a recommended one;
//   - circumstances: aggravating ones shift the recommendation heavier, mitigating ones lighter,
//     each by a number of steps within the allowed set. Only mitigating circumstances marked
//     zero_tolerance_mitigating may lower a zero-tolerance recommendation;
//   - repetition: each prior proven violation shifts the recommendation one step heavier (capped),
//     and from a threshold on the severity of every finding is raised one level.
//
// Sanctions are ordered by weight: WRITTEN_WARNING < FINAL_WARNING < TRANSFER <
// TERMINATION_BY_COURT < SUMMARY_DISMISSAL. Suspension is an order measure, not a sanction.
//
// # Zero tolerance
//
// For a zero-tolerance norm the allowed set must be a non-empty subset of WRITTEN_WARNING,
// FINAL_WARNING (it counts as a written warning), TERMINATION_BY_COURT and SUMMARY_DISMISSAL, and
// the recommendation at every severity must be a dismissal (TERMINATION_BY_COURT or
// SUMMARY_DISMISSAL); Load rejects a rule set that breaks this. Evaluation of proven discrimination
// therefore always yields a non-empty allowed set within those four, with dismissal as the starting
// point unless a zero-tolerance mitigating circumstance applies.
//
// # Evaluation
//
// Evaluate takes Facts (findings per norm with an outcome and a severity, circumstances and the
// number of prior proven violations) and returns a Result. It is pure: the same facts give the same
// result whatever the order of findings and circumstances.
//
//   - A PARTLY_PROVEN finding counts as proven for the facts that were found: the assessment qualifies
//     only the proven part, with the severity of that part, so it weighs exactly like PROVEN. The
//     Result notes it in Fired.
//   - Nothing proven: no sanction may be imposed (NoSanctionAllowed, Recommended nil).
//   - Several proven findings: the allowed set is the union of the findings' allowed sets and the
//     heaviest recommendation governs. Union, not intersection, because each proven violation on
//     its own justifies any sanction its guidance allows, a sanction for the combination may be as
//     heavy as the heaviest finding warrants, and an intersection can be empty (a minor gifts
//     violation next to a fraud). When any proven finding is zero-tolerance, the union is then
//     restricted to the zero-tolerance four; since the zero-tolerance findings' own sets lie in
//     the four the result is never empty, and the governing recommendation is a dismissal.
//   - The recommendation then moves by the net number of steps (aggravating + repetition −
//     mitigating) along the allowed set, clamped to its ends.
//
// Every rule that contributed is listed in Result.Fired with an English explanation.
//
// Result.Check validates a manager's choice: a sanction outside the allowed set is refused for
// zero tolerance; a sanction lighter than recommended, or (outside zero tolerance) outside the
// allowed set, needs a written motivation of at least MinMotivationLength characters.
package sanctions
