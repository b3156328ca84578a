package io.tradinggrid.emulator.community;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Real files for the seed, made at load time: a minimal valid PDF (correct xref offsets), CSV, an X12 interchange
 * with a correct ISA/GS/ST envelope and SE segment count, and a PNG photo of a crushed carton.
 */
final class SampleFiles {

    private SampleFiles() {
    }

    // ---- PDF ------------------------------------------------------------------------------------------------------

    /** A one-page PDF 1.4 with the lines in Helvetica; the first line is set larger as the title. */
    static byte[] pdf(List<String> lines) {
        StringBuilder content = new StringBuilder();
        content.append("BT\n/F1 15 Tf\n72 740 Td\n18 TL\n");
        for (int i = 0; i < lines.size(); i++) {
            if (i == 1) {
                content.append("/F1 10.5 Tf\n14 TL\n");
            }
            content.append('(').append(pdfString(lines.get(i))).append(") Tj T*\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.ISO_8859_1);

        List<byte[]> objects = new ArrayList<>();
        objects.add(ascii("<< /Type /Catalog /Pages 2 0 R >>"));
        objects.add(ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"));
        objects.add(ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                + "/Resources << /Font << /F1 5 0 R >> >> >>"));
        ByteArrayOutputStream streamObject = new ByteArrayOutputStream();
        streamObject.writeBytes(ascii("<< /Length " + stream.length + " >>\nstream\n"));
        streamObject.writeBytes(stream);
        streamObject.writeBytes(ascii("\nendstream"));
        objects.add(streamObject.toByteArray());
        objects.add(ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
        objects.add(ascii("<< /Producer (Trading Grid Bridge community emulator) /Title (" + pdfString(lines.isEmpty() ? "" : lines.get(0)) + ") >>"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("%PDF-1.4\n"));
        out.writeBytes(new byte[] {'%', (byte) 0xE2, (byte) 0xE3, (byte) 0xCF, (byte) 0xD3, '\n'});
        long[] offsets = new long[objects.size()];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i] = out.size();
            out.writeBytes(ascii((i + 1) + " 0 obj\n"));
            out.writeBytes(objects.get(i));
            out.writeBytes(ascii("\nendobj\n"));
        }
        long xref = out.size();
        StringBuilder table = new StringBuilder();
        table.append("xref\n0 ").append(objects.size() + 1).append('\n');
        table.append("0000000000 65535 f \n");
        for (long offset : offsets) {
            table.append(String.format(Locale.ROOT, "%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R /Info ").append(objects.size())
                .append(" 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        out.writeBytes(ascii(table.toString()));
        return out.toByteArray();
    }

    private static String pdfString(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\u2013' || c == '\u2014') {
                b.append('-');
            } else if (c < 32 || c > 255) {
                b.append('?');
            } else if (c > 126) {
                b.append('\\').append(String.format(Locale.ROOT, "%03o", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- CSV ------------------------------------------------------------------------------------------------------

    /** RFC 4180 CSV with CRLF line ends; fields with commas, quotes or line breaks are quoted. */
    static byte[] csv(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                String v = row.get(i) == null ? "" : row.get(i);
                if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
                    b.append('"').append(v.replace("\"", "\"\"")).append('"');
                } else {
                    b.append(v);
                }
            }
            b.append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- X12 ------------------------------------------------------------------------------------------------------

    /**
     * An X12 004010 interchange with one transaction set: ISA (fixed width, 106 characters), GS, ST, the given
     * body segments (without terminators), SE with the right segment count, GE, IEA. Segments end with "~\n".
     */
    static byte[] x12(String transactionSet, String senderQualifier, String senderId, String receiverQualifier,
                      String receiverId, int controlNumber, LocalDateTime at, List<String> segments) {
        String functionalId;
        switch (transactionSet) {
            case "850": functionalId = "PO"; break;
            case "855": functionalId = "PR"; break;
            case "856": functionalId = "SH"; break;
            case "810": functionalId = "IN"; break;
            case "820": functionalId = "RA"; break;
            case "997": functionalId = "FA"; break;
            default: throw new IllegalArgumentException("unsupported X12 transaction set " + transactionSet);
        }
        String yymmdd = at.format(DateTimeFormatter.ofPattern("yyMMdd"));
        String ccyymmdd = at.format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        String hhmm = at.format(DateTimeFormatter.ofPattern("HHmm"));
        String icn = String.format(Locale.ROOT, "%09d", controlNumber);
        String stControl = String.format(Locale.ROOT, "%04d", 1);
        List<String> out = new ArrayList<>();
        out.add("ISA*00*" + pad("", 10) + "*00*" + pad("", 10) + "*" + pad(senderQualifier, 2) + "*" + pad(senderId, 15)
                + "*" + pad(receiverQualifier, 2) + "*" + pad(receiverId, 15) + "*" + yymmdd + "*" + hhmm
                + "*U*00401*" + icn + "*0*P*>");
        out.add("GS*" + functionalId + "*" + senderId + "*" + receiverId + "*" + ccyymmdd + "*" + hhmm + "*" + controlNumber + "*X*004010");
        out.add("ST*" + transactionSet + "*" + stControl);
        out.addAll(segments);
        out.add("SE*" + (segments.size() + 2) + "*" + stControl);
        out.add("GE*1*" + controlNumber);
        out.add("IEA*1*" + icn);
        StringBuilder b = new StringBuilder();
        for (String s : out) {
            b.append(s).append("~\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            throw new IllegalArgumentException("'" + s + "' is longer than the ISA field width " + width);
        }
        return s + " ".repeat(width - s.length());
    }

    // ---- PNG ------------------------------------------------------------------------------------------------------

    /**
     * A 640x480 PNG "photo" of a pallet of cartons on a dock floor with one carton crushed and torn,
     * drawn with shapes only (no fonts needed, works headless). {@code seed} varies the picture.
     */
    static byte[] damagePhoto(long seed) {
        System.setProperty("java.awt.headless", "true");
        int w = 640;
        int h = 480;
        Random random = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            // dock wall and concrete floor
            g.setPaint(new GradientPaint(0, 0, new Color(92, 98, 104), 0, 260, new Color(130, 134, 138)));
            g.fillRect(0, 0, w, 260);
            g.setPaint(new GradientPaint(0, 260, new Color(150, 148, 142), 0, h, new Color(105, 103, 98)));
            g.fillRect(0, 260, w, h - 260);
            g.setColor(new Color(210, 170, 30));
            g.fillRect(0, 300, w, 10); // safety line
            // pallet
            g.setColor(new Color(160, 120, 75));
            g.fillRect(130, 392, 380, 22);
            g.setColor(new Color(120, 88, 52));
            for (int x = 140; x < 500; x += 90) {
                g.fillRect(x, 414, 40, 26);
            }
            // cartons, three columns by two rows
            for (int row = 0; row < 2; row++) {
                for (int col = 0; col < 3; col++) {
                    int x = 140 + col * 122;
                    int y = 272 - row * 120;
                    boolean crushed = row == 1 && col == 1; // top tier, middle
                    drawCarton(g, x, y, 116, 118, crushed, random);
                }
            }
            // stretch-wrap sheen
            g.setColor(new Color(255, 255, 255, 38));
            g.fillRect(135, 150, 372, 242);
            // sensor noise, as a phone camera leaves it
            for (int i = 0; i < w * h / 6; i++) {
                int x = random.nextInt(w);
                int y = random.nextInt(h);
                int rgb = img.getRGB(x, y);
                int d = random.nextInt(17) - 8;
                int r = clamp(((rgb >> 16) & 0xff) + d);
                int gr = clamp(((rgb >> 8) & 0xff) + d);
                int b = clamp((rgb & 0xff) + d);
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void drawCarton(Graphics2D g, int x, int y, int w, int h, boolean crushed, Random random) {
        Color kraft = new Color(196 + random.nextInt(12), 150 + random.nextInt(10), 96 + random.nextInt(10));
        if (!crushed) {
            g.setColor(kraft);
            g.fillRect(x, y, w, h);
            g.setColor(kraft.darker());
            g.setStroke(new BasicStroke(2f));
            g.drawRect(x, y, w, h);
            g.setColor(new Color(180, 140, 90));
            g.fillRect(x + w / 2 - 6, y, 12, h); // tape
            g.setColor(Color.WHITE);
            g.fillRect(x + 12, y + h - 38, 44, 26); // shipping label
            g.setColor(Color.BLACK);
            for (int i = 0; i < 9; i++) {
                g.fillRect(x + 15 + i * 4, y + h - 33, 1 + random.nextInt(3), 16); // barcode
            }
            return;
        }
        // crushed carton: sagging top, buckled sides, a tear showing product inside
        Polygon body = new Polygon(
                new int[] {x, x + w / 3, x + w / 2, x + 2 * w / 3, x + w, x + w - 6, x + 4},
                new int[] {y + 34, y + 48, y + 30, y + 52, y + 38, y + h, y + h}, 7);
        g.setColor(kraft.darker());
        g.fillPolygon(body);
        g.setColor(new Color(90, 62, 35));
        g.setStroke(new BasicStroke(3f));
        g.drawPolygon(body);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x + 10, y + 60, x + w / 2, y + h - 20);
        g.drawLine(x + w - 12, y + 58, x + w / 2 + 8, y + h - 26);
        Polygon tear = new Polygon(
                new int[] {x + 34, x + 58, x + 82, x + 70, x + 50, x + 38},
                new int[] {y + 62, y + 56, y + 70, y + 96, y + 100, y + 84}, 6);
        g.setColor(new Color(40, 28, 18));
        g.fillPolygon(tear);
        g.setColor(new Color(170, 30, 40)); // product packaging visible through the tear
        g.fillOval(x + 48, y + 70, 18, 18);
        g.setColor(new Color(230, 230, 220, 180));
        g.fillOval(x + 44, y + 88, 30, 10); // spilled contents
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
