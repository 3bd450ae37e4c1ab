/**
 * Exporting and importing chosen network specs ({@link catalog.Catalog}): JSON (canonical, re-importable), pycls
 * YAML (regnet or anynet, re-importable), torchvision constructor arguments, VISSL trunk config, markdown tables.
 * Malformed files fail with {@link catalog.CatalogFileException}, naming the file, the line and the field.
 */
package catalog;
