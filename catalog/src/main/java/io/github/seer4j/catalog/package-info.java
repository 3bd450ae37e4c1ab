/**
 * Exporting and importing chosen network specs ({@link io.github.seer4j.catalog.Catalog}): JSON (canonical, re-importable), pycls
 * YAML (regnet or anynet, re-importable), torchvision constructor arguments, VISSL trunk config, markdown tables.
 * Malformed files fail with {@link io.github.seer4j.catalog.CatalogFileException}, naming the file, the line and the field.
 */
package io.github.seer4j.catalog;
