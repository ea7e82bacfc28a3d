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
        if (slice == null) {
            image = null;
            view.setImage(null);
            return;
        }
        image = Heatmap.render(slice);
        WritableImage img = new WritableImage(image.width(), image.height());
        img.getPixelWriter().setPixels(0, 0, image.width(), image.height(), PixelFormat.getIntArgbInstance(),
                image.argb(), 0, image.width());
        view.setImage(img);
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double w = getWidth() - 8;
        double h = getHeight() - 8;
        if (image == null || w <= 0 || h <= 0) return;
        // Integer-free fit: the larger of the two scales that still fits, so cells stay square.
        double scale = Math.min(w / image.width(), h / image.height());
        double iw = image.width() * scale;
        double ih = image.height() * scale;
        view.setFitWidth(iw);
        view.setFitHeight(ih);
        view.relocate((getWidth() - iw) / 2, (getHeight() - ih) / 2);
    }
}
