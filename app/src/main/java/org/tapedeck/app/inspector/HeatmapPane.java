package org.tapedeck.app.inspector;

import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

/**
 * Shows a {@link Slice2D} as an image, one crisp block per cell, scaled to fit while keeping
 * the cells square.
 */
public final class HeatmapPane extends Region {
    private final ImageView view = new ImageView();
    private Heatmap.Image image;

    public HeatmapPane() {
        view.setSmooth(false);
        view.setPreserveRatio(true);
        getChildren().add(view);
        getStyleClass().add("heatmap");
        setMinSize(0, 0);
    }

    /** The rendered pixels (for tests and the legend), or null. */
    public Heatmap.Image image() { return image; }

    public void show(Slice2D slice) {
        image = slice == null ? null : Heatmap.render(slice);
        shownScale = 0;
        if (image == null) view.setImage(null);
        requestLayout();
    }

    private int shownScale;

    @Override
    protected void layoutChildren() {
        double w = getWidth() - 8;
        double h = getHeight() - 8;
        if (image == null || w <= 0 || h <= 0) return;
        // NOTE: cells are replicated into k x k pixels here rather than scaled by the ImageView,
        // whose "smooth = false" the software pipeline ignores: small tensors stay crisp blocks.
        int k = (int) Math.max(1, Math.min(Math.floor(Math.min(w / image.width(), h / image.height())),
                MAX_UPSCALED / Math.max(image.width(), image.height())));
        if (k != shownScale) {
            view.setImage(upscale(image, k));
            shownScale = k;
        }
        double scale = Math.min(1, Math.min(w / (image.width() * k), h / (image.height() * k)));
        double iw = image.width() * k * scale;
        double ih = image.height() * k * scale;
        view.setFitWidth(iw);
        view.setFitHeight(ih);
        view.relocate((getWidth() - iw) / 2, (getHeight() - ih) / 2);
    }

    private static final int MAX_UPSCALED = 2048;

    private static WritableImage upscale(Heatmap.Image img, int k) {
        int w = img.width() * k;
        int h = img.height() * k;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            int src = (y / k) * img.width();
            for (int x = 0; x < w; x++) px[y * w + x] = img.argb()[src + x / k];
        }
        WritableImage out = new WritableImage(w, h);
        out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
        return out;
    }
}
