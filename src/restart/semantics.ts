/**
 * What SSIS does at a checkpoint restart, as the simulator applies it: one row per rule, each with
 * its source (the keys of ../shared/docs/dtsx-format.md section 0; §5 is its summary of the
 * Microsoft documentation). Where the runtime's behaviour is not known (§9), the rule says which
 * reading is the default and which option selects the other; outcomes that depend on it are
 * marked uncertain. docs/explain.md prints this table.
 */
export interface SemanticRule {
  readonly id: string;
  readonly rule: string;
  readonly source: string;
  /** For a rule nobody here can check on a real runtime: the default reading and the other one. */
  readonly uncertain?: { readonly reading: string; readonly option: string };
}

export const SEMANTICS = [
  {
    id: 'recorded',
    rule: 'The checkpoint file records every executable that completes successfully (task or container), by DTSID, and the values of variables other than Object variables.',
    source: 'DOC-CKPT (§5 items 1, 2)',
  },
  {
    id: 'loops-not-recorded',
    rule: 'For Loop and Foreach Loop containers are never recorded, nor anything run inside them: a restart reruns a loop whole, from its first iteration, even after it finished.',
    source: 'DOC-CKPT, KB 2624458 (§5 item 5)',
  },
  {
    id: 'loop-iterations',
    rule: 'A loop keeps no position: a failure on its k-th iteration, after k-1 finished, restarts it at its first iteration (a For Loop evaluates its InitExpression again; a Foreach Loop enumerates from the first item).',
    source: 'JT-2006, SSC-2 (§6)',
  },
  {
    id: 'transacted-atomic',
    rule: "A transacted container (TransactionOption=Required) is atomic: its children's completion is not recorded, it rolls back and reruns whole.",
    source: 'DOC-CKPT (§5 items 3, 4)',
  },
  {
    id: 'skip-recorded',
    rule: 'A restart (CheckpointUsage IfExists or Always, with a file) skips every recorded executable, and everything inside a recorded container, as if it had succeeded; everything else runs again by its precedence constraints.',
    source: 'DOC-CKPT (§5 items 1, 9)',
  },
  {
    id: 'restart-point',
    rule: 'An executable with FailPackageOnFailure=True fails the package when it fails: it is the restart point, and a container that is one reruns whole (what it had recorded inside it is not kept).',
    source: 'DOC-CKPT (§5 item 8), SSC-2',
  },
  {
    id: 'no-restart-point',
    rule: 'A package that fails where no executable on the way up has FailPackageOnFailure=True still leaves its checkpoint file, and the restart reruns what was not recorded.',
    source: '§9 item 4',
    uncertain: { reading: 'the file is kept (the documented behaviour of a failed package)', option: 'noRestartPoint: "no-file" (no file is written, so the whole package reruns)' },
  },
  {
    id: 'fail-parent',
    rule: 'An executable with FailParentOnFailure=True fails its container at once when it fails; the container then fails by its own flags. Otherwise a failure counts as an error of its container, which fails once it reaches MaxErrorCount (default 1) and still runs the Failure and Completion branches.',
    source: 'DOC-CKPT, SSC-2 (§5, §6)',
  },
  {
    id: 'sequence-2005',
    rule: 'In SSIS 2005 (PackageFormatVersion 2) a Sequence container records each child as it completes, even when it is the restart point: a restart resumes inside it.',
    source: 'SSC-2 (§6)',
  },
  {
    id: 'sequence-2008',
    rule: 'From SSIS 2008 on, a Sequence container that is the restart point, every executable inside failing its parent, reruns whole.',
    source: 'SSC-2 (§6), §9 item 5',
    uncertain: { reading: 'it reruns whole (the catalogue\'s premise)', option: 'sequenceReading: "records-children" (it resumes inside, as in 2005)' },
  },
  {
    id: 'disabled',
    rule: 'A disabled executable does not run and counts as succeeded for the precedence constraints that leave it.',
    source: 'SSIS designer behaviour (DOC-PROPS)',
  },
  {
    id: 'precedence',
    rule: 'An executable runs once its precedence constraints hold (all of them, or any when LogicalAnd is False): Success, Failure or Completion of the executable before it. A constraint with an expression cannot be known here: both outcomes are explored and the result is marked uncertain.',
    source: 'DOC-PC',
  },
  {
    id: 'parallel',
    rule: 'Executables that no chain of constraints orders may run in any order, or at once (MaxConcurrentExecutables): when one fails or the package stops, the others may have finished or not. The orders that finish the fewest and the most of them first are both explored.',
    source: 'DOC-MCE, KB 2624458, DK-PAR (§5 item 11, §6)',
  },
  {
    id: 'force-result',
    rule: 'ForceExecutionResult replaces the result an executable reports (Success, Failure, Completion), whatever happened inside it.',
    source: 'DOC-CKPT (§5 item 8)',
  },
  {
    id: 'checkpoint-usage',
    rule: 'CheckpointUsage Never ignores the file (the restart reruns everything); IfExists uses it when present; Always requires it, so a first run without a file fails at once.',
    source: 'DOC-CKPT (§5 item 9)',
  },
  {
    id: 'event-handlers',
    rule: "An OnPreExecute, OnPostExecute, OnError or OnTaskFailed event of an executable runs the handlers for it: the executable's own (unless DisableEventHandlers), then each container's up to the package. What a handler runs is recorded like the control flow, so a restart skips it when its event fires again, e.g. the package's OnPreExecute.",
    source: '§4.4 (System::Propagate), SSC-3, JT-2006, JT-2011, SSP (§6)',
  },
  {
    id: 'object-variables',
    rule: 'Object variables are not saved: a restart that skips the executable filling one leaves it empty for those that read it.',
    source: 'DOC-CKPT, JT-2006 (§5 item 1, §6)',
  },
] as const satisfies readonly SemanticRule[];

export type SemanticRuleId = (typeof SEMANTICS)[number]['id'];
