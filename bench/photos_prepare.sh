#!/usr/bin/env bash
# Derives benchmark photo folders from Debian's wallpaper packages (real photos and renders up to 5640x3172; not
# committed, not downloaded at run time by seer4j). Needs ImageMagick's convert and the packages unpacked:
#   cd /tmp && apt-get download mate-backgrounds gnome-backgrounds plasma-workspace-wallpapers \
#     && for f in *.deb; do dpkg -x $f /tmp/photos-pkg; done
# Writes (under OUT, default /tmp/seer4j-photos):
#   big48/      48 JPEGs of 4000x3000 (each wallpaper covered and centre-cropped to 4:3, quality 90)
#   tiles/      480x360 JPEG tiles of every wallpaper (16 per wallpaper)
#   n1000/ n20000/  1,000 and 20,000 files copied from tiles/ into nested folders (100 per folder)
set -euo pipefail
PKG=${PKG:-/tmp/photos-pkg}
OUT=${OUT:-/tmp/seer4j-photos}
CONVERT=${CONVERT:-/usr/bin/convert}
mapfile -t SRC < <(find "$PKG" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -size +200k | sort)
[ "${#SRC[@]}" -ge 48 ] || { echo "need 48 wallpapers under $PKG, found ${#SRC[@]}" >&2; exit 1; }
mkdir -p "$OUT/big48" "$OUT/tiles"
if [ "$(ls "$OUT/big48" | wc -l)" -lt 48 ]; then
  for i in $(seq 0 47); do
    "$CONVERT" "${SRC[$i]}" -resize '4000x3000^' -gravity center -extent 4000x3000 -quality 90 \
      "$OUT/big48/photo$(printf %02d "$i").jpg"
  done
fi
if [ "$(ls "$OUT/tiles" | wc -l)" -lt 100 ]; then
  i=0
  for s in "${SRC[@]}"; do
    "$CONVERT" "$s" -resize '1920x1440^' -gravity center -extent 1920x1440 -crop 480x360 +repage -quality 85 \
      "$OUT/tiles/w$(printf %03d "$i")_%02d.jpg"
    i=$((i + 1))
  done
fi
mapfile -t TILES < <(ls "$OUT/tiles" | sort)
for n in 1000 20000; do
  d="$OUT/n$n"
  if [ ! -d "$d" ] || [ "$(find "$d" -type f | wc -l)" -ne "$n" ]; then
    rm -rf "$d"
    for k in $(seq 0 $((n - 1))); do
      f=$((k / 100))
      mkdir -p "$d/f$(printf %03d $f)"
      cp "$OUT/tiles/${TILES[$((k % ${#TILES[@]}))]}" "$d/f$(printf %03d $f)/img$(printf %05d "$k").jpg"
    done
  fi
done
echo "{\"big48\":$(ls "$OUT/big48" | wc -l),\"tiles\":${#TILES[@]},\"n1000\":$(find "$OUT/n1000" -type f | wc -l),\"n20000\":$(find "$OUT/n20000" -type f | wc -l)}"
