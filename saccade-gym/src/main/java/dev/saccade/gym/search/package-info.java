/**
 * Where a visual search's target lies: the {@link dev.saccade.gym.search.SearchTargets} contract of
 * {@link dev.saccade.gym.envs.VisualSearchGym}, the annotated target (a labelled ablation in
 * training) and the annotation-free exemplar relevancy from a frozen encoder's features.
 */
package dev.saccade.gym.search;
