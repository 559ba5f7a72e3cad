package dev.saccade.gym.vector;

import dev.saccade.gym.Info;
import java.util.List;

/** What {@link VectorEnv#reset} returns: each sub-environment's first observation and info. */
public record VectorReset<O>(List<O> observations, List<Info> infos) {}
