#!/bin/sh
# Draws Kindred's icon: two overlapping circles (the Inclusion-of-Other-in-Self
# picture of closeness) on a rounded square. Needs ImageMagick; the PNGs are
# committed, so this only runs when the icon changes.
set -eu
cd "$(dirname "$0")/../ui/icons"
IM=${IM:-/usr/bin/convert}
"$IM" -size 1024x1024 xc:none \
  -fill '#3f6e64' -draw 'roundrectangle 64,64 960,960 200,200' \
  -fill '#f7f4ef' -draw 'circle 400,512 400,262' \
  -fill 'rgba(219,233,228,0.85)' -draw 'circle 624,512 624,262' \
  PNG32:icon-1024.png
for size in 32 128 256 512; do
  "$IM" icon-1024.png -resize ${size}x${size} PNG32:tmp-$size.png
done
mv tmp-32.png 32x32.png
mv tmp-128.png 128x128.png
mv tmp-256.png 256x256.png
mv tmp-512.png icon.png
rm icon-1024.png
