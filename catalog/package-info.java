/** Exporting and importing chosen network specs: JSON (canonical), pycls YAML, torchvision arguments, VISSL trunk config, markdown tables. */
package catalog;
