package org.tapedeck.engine.tensor;

/**
 * The element type of a tensor, named as in TensorFlow ({@code tf.float32} is {@link #FLOAT32}).
 *
 * <pre>{@code
 * Tensor x = TF.zeros(DType.FLOAT32, 2, 2);
 * assert x.dtype().isFloating();
 * }</pre>
 */
public enum DType {
    FLOAT32("float32", 4, Kind.FLOATING),
    FLOAT64("float64", 8, Kind.FLOATING),
    INT32("int32", 4, Kind.INTEGER),
    INT64("int64", 8, Kind.INTEGER),
    UINT8("uint8", 1, Kind.INTEGER),
    BOOL("bool", 1, Kind.BOOLEAN);

    private enum Kind { FLOATING, INTEGER, BOOLEAN }

    private final String tfName;
    private final int byteSize;
    private final Kind kind;

    DType(String tfName, int byteSize, Kind kind) {
        this.tfName = tfName;
        this.byteSize = byteSize;
        this.kind = kind;
    }

    /** TensorFlow's and NumPy's name: {@code float32}, {@code int64}, {@code bool}, ... */
    public String tfName() { return tfName; }

    /** Bytes per element. */
    public int byteSize() { return byteSize; }

    public boolean isFloating() { return kind == Kind.FLOATING; }

    public boolean isInteger() { return kind == Kind.INTEGER; }

    public boolean isBool() { return kind == Kind.BOOLEAN; }

    /** Looks a dtype up by its TensorFlow name ({@code "float32"}). */
    public static DType of(String tfName) {
        for (DType d : values()) {
            if (d.tfName.equals(tfName)) return d;
        }
        throw new IllegalArgumentException("unknown dtype '" + tfName + "'; expected one of float32, float64, int32, int64, uint8, bool");
    }

    @Override
    public String toString() { return tfName; }
}
