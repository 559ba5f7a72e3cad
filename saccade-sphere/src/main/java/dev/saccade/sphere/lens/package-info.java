/**
 * Camera models: which ray each pixel of a view looks along ({@link dev.saccade.sphere.lens.Lens}),
 * for the ideal pinhole of DESIGN.md §3 and the Kannala–Brandt fisheye of OpenCV, with their inverses.
 */
package dev.saccade.sphere.lens;
