"""Opens geomention's output in QGIS itself (PyQGIS, headless) and checks
what a QGIS user would see: every layer of the project valid and styled,
labels on, one map theme and bookmark per region, the project CRS centred on
the first region; every GeoPackage table styled from its layer_styles row;
every GeoJSON layer styled from the .qml beside it; every feature drawn by
exactly one rule; each region rendered to an image from its map theme.

    python3 tests/qgis/check.py OUT_DIR REGION...

OUT_DIR is what `geomention map ... --format geojson,gpkg,qgis --out OUT_DIR`
wrote. Needs Debian's python3-qgis (the system python3, not a venv); run by
.ci/run. Exits 1 with one line per problem.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProject,
    QgsRenderContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

problems = []


def check(ok, message):
    if not ok:
        problems.append(message)


def table(region):
    return region.replace("-", "_")


def one_rule_per_feature(layer, what):
    """Every feature is drawn by exactly one symbol of the layer's renderer."""
    renderer = layer.renderer().clone()
    context = QgsRenderContext()
    renderer.startRender(context, layer.fields())
    for feature in layer.getFeatures():
        symbols = renderer.symbolsForFeature(feature, context)
        check(
            len(symbols) == 1,
            f"{what}: feature {feature['iso_a3']} is drawn by {len(symbols)} symbols",
        )
    renderer.stopRender(context)


def check_styled(layer, what, countries):
    check(layer.isValid(), f"{what}: not valid")
    if not layer.isValid():
        return
    check(layer.featureCount() > 0, f"{what}: no features")
    kind = layer.renderer().type()
    if countries:
        check(kind == "RuleRenderer", f"{what}: renderer {kind}, not the rules of the style")
        check(layer.labelsEnabled(), f"{what}: labels off")
        one_rule_per_feature(layer, what)
    else:
        check(kind != "", f"{what}: no renderer")


def check_project(out, regions):
    project = QgsProject.instance()
    path = out / "geomention.qgs"
    check(project.read(str(path)), f"{path}: QGIS cannot read the project")
    layers = list(project.mapLayers().values())
    check(len(layers) > 0, f"{path}: no layers")
    for layer in layers:
        countries = not (layer.name().endswith("outline") or "points" in layer.name().lower())
        check_styled(layer, f"project layer {layer.name()!r}", countries and layer.geometryType() == 2)
    themes = project.mapThemeCollection().mapThemes()
    check(len(themes) == len(regions), f"{path}: themes {themes}, regions {regions}")
    bookmarks = project.bookmarkManager().bookmarks()
    check(len(bookmarks) == len(regions), f"{path}: {len(bookmarks)} bookmarks")
    crs = project.crs()
    check(crs.isValid() and not crs.isGeographic(), f"{path}: project CRS {crs.authid()} {crs.toProj()}")
    return project, themes


def render_themes(out, project, themes):
    """Each theme rendered to a PNG: the map is not blank."""
    for theme in themes:
        settings = QgsMapSettings()
        settings.setLayers(project.mapThemeCollection().mapThemeVisibleLayers(theme))
        settings.setDestinationCrs(project.crs())
        bookmark = [b for b in project.bookmarkManager().bookmarks() if b.name() == theme]
        if bookmark:
            settings.setDestinationCrs(bookmark[0].extent().crs())
            settings.setExtent(bookmark[0].extent())
        settings.setOutputSize(QSize(800, 600))
        settings.setBackgroundColor(QColor(255, 255, 255))
        if os.environ.get("GEOMENTION_QGIS_DEBUG"):
            print(theme, [l.name() for l in settings.layers()], settings.destinationCrs().authid(),
                  settings.destinationCrs().toProj(), settings.extent().toString())
        job = QgsMapRendererParallelJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        target = out / f"qgis-{theme.replace(' ', '-').lower()}.png"
        image.save(str(target))
        colours = {image.pixel(x, y) for x in range(0, 800, 10) for y in range(0, 600, 10)}
        check(len(colours) > 3, f"theme {theme!r}: rendered image has {len(colours)} colours")
        print(f"rendered {target} ({len(colours)} colours sampled)")


def main(out, regions):
    app = QgsApplication([], False)
    app.initQgis()
    project, themes = check_project(out, regions)
    render_themes(out, project, themes)
    gpkg = out / "geomention.gpkg"
    for region in regions:
        name = table(region)
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        check_styled(layer, f"{gpkg.name} table {name}", True)
        outline = QgsVectorLayer(f"{gpkg}|layername={name}_outline", name, "ogr")
        check_styled(outline, f"{gpkg.name} table {name}_outline", False)
        geojson = out / f"{region}.geojson"
        layer = QgsVectorLayer(str(geojson), region, "ogr")
        check_styled(layer, f"{geojson.name} with its .qml", True)
    mentions = QgsVectorLayer(f"{gpkg}|layername=mentions", "mentions", "ogr")
    check(mentions.isValid(), "mentions table: not valid")
    rows = sum(1 for _ in open(out / "mentions.csv", encoding="utf-8")) - 1
    check(mentions.featureCount() == rows, f"mentions table: {mentions.featureCount()} rows, mentions.csv {rows}")
    print(f"{len(project.mapLayers())} project layers, {len(regions)} regions checked")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
    for p in problems:
        print(p, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # QGIS's teardown can crash after the work is done: leave without it.
    os._exit(1 if problems else 0)
