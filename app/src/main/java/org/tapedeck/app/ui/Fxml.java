package org.tapedeck.app.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * Loads a view's FXML, which lives in the {@code ui-resources} module under the view's own package
 * path and name ({@code org/tapedeck/app/opstream/OpStreamView.fxml} for {@code OpStreamView}),
 * with the view itself as controller.
 *
 * <pre>{@code
 * public OpStreamView(OpStreamViewModel vm) {
 *     root = Fxml.load(this);   // fills the @FXML fields, then calls initialize()
 * }
 * }</pre>
 */
public final class Fxml {
    private Fxml() {}

    public static <T extends Parent> T load(Object view) {
        Class<?> type = view.getClass();
        String name = type.getSimpleName() + ".fxml";
        URL url = type.getResource(name);
        if (url == null) {
            throw new IllegalStateException("no " + type.getPackageName().replace('.', '/') + "/" + name
                    + " on the class path (it belongs in the ui-resources module)");
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(view);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + url + ": " + e.getMessage(), e);
        }
    }

    /** The external form of a stylesheet next to {@code type} (in ui-resources). */
    public static String stylesheet(Class<?> type, String name) {
        URL url = type.getResource(name);
        if (url == null) {
            throw new IllegalStateException("no stylesheet " + type.getPackageName().replace('.', '/') + "/" + name);
        }
        return url.toExternalForm();
    }
}
