package dev.saccade.robot.sim;

/** The controller's general-purpose registers and the few other inputs RTDE may write. */
final class Registers implements RegisterAccess {
    static final int COUNT = 48;
    /** Bit registers RTDE may use: 64..127. */
    static final int FIRST_BIT = 64, BITS = 64;

    final double[] inputDouble = new double[COUNT];
    final int[] inputInt = new int[COUNT];
    final boolean[] inputBit = new boolean[BITS];
    final double[] outputDouble = new double[COUNT];
    final int[] outputInt = new int[COUNT];
    final boolean[] outputBit = new boolean[BITS];
    double speedSliderFraction = 1;
    long speedSliderMask;
    int standardDigitalOutputMask;
    int standardDigitalOutput;

    @Override public double inputDouble(int i) { return inputDouble[i]; }
    @Override public int inputInt(int i) { return inputInt[i]; }
    @Override public void setOutputDouble(int i, double value) { outputDouble[i] = value; }
    @Override public void setOutputInt(int i, int value) { outputInt[i] = value; }
}
