type PhaseLike = { state: string };

/** The phase a project is in: the first whose gate is neither approved nor not started, else the last. */
export const currentPhase = <P extends PhaseLike>(phases: P[]): P | undefined =>
  phases.find((p) => p.state !== 'approved' && p.state !== 'notStarted') ?? phases.at(-1);
