package it.cittametropolitana.milano.pdfa;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

/**
 * Validates PDF files against PDF/A-2b with veraPDF and prints one JSON report for all of them,
 * so a test pays the JVM's start once:
 *
 * <pre>{"files":[{"file","compliant","claimed","failures":[{"clause","testNumber","specification",
 * "description","context"}],"pages","fonts":[{"name","embedded"}],"info":{…},"xmp","text"?}]}</pre>
 *
 * "claimed" is the flavour the file's XMP declares (pdfaid:part and conformance, e.g. "2b"), null
 * when it declares none; it, the fonts and the text come from Apache PDFBox, a second reader
 * independent of the writer.
 * With --text each file's extracted text is included. Exit status: 0 when every file is
 * compliant, 1 when one is not, 2 on a usage error; a file that cannot be read is reported as
 * not compliant with its error.
 */
public final class ValidatePdfa {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    boolean withText = false;
    List<String> files = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--text")) withText = true;
      else files.add(arg);
    }
    if (files.isEmpty()) {
      System.err.println("usage: validate-pdfa [--text] <file.pdf>...");
      System.exit(2);
    }
    VeraGreenfieldFoundryProvider.initialise();
    ObjectNode report = JSON.createObjectNode();
    ArrayNode results = report.putArray("files");
    boolean allCompliant = true;
    for (String path : files) {
      ObjectNode result = results.addObject();
      result.put("file", path);
      try {
        validate(new File(path), result);
        describe(new File(path), result, withText);
      } catch (Exception e) {
        result.put("compliant", false);
        result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      allCompliant &= result.path("compliant").asBoolean(false);
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(JSON.writeValueAsString(report));
    System.exit(allCompliant ? 0 : 1);
  }

  private static void validate(File file, ObjectNode result) throws Exception {
    // Validated against PDF/A-2b whatever it claims: that is the level the acts must meet.
    try (PDFAParser parser = Foundries.defaultInstance().createParser(file, PDFAFlavour.PDFA_2_B)) {
      PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false);
      ValidationResult validation = validator.validate(parser);
      result.put("compliant", validation.isCompliant());
      result.put("profile", validation.getPDFAFlavour().getId());
      ArrayNode failures = result.putArray("failures");
      for (TestAssertion assertion : validation.getTestAssertions()) {
        if (assertion.getStatus() != TestAssertion.Status.FAILED) continue;
        ObjectNode failure = failures.addObject();
        failure.put("clause", assertion.getRuleId().getClause());
        failure.put("testNumber", assertion.getRuleId().getTestNumber());
        failure.put("specification", String.valueOf(assertion.getRuleId().getSpecification()));
        failure.put("description", assertion.getMessage());
        failure.put("context", assertion.getLocationContext());
      }
    }
  }

  private static final Pattern PART = Pattern.compile("pdfaid:part(?:>|=\\s*\"?)\\s*(\\d)");
  private static final Pattern CONFORMANCE = Pattern.compile("pdfaid:conformance(?:>|=\\s*\"?)\\s*([ABUabu])");

  /** The PDF/A flavour the XMP declares ("2b"), element or attribute form; null when it declares none. */
  private static String claimedFlavour(String xmp) {
    if (xmp == null) return null;
    Matcher part = PART.matcher(xmp);
    if (!part.find()) return null;
    Matcher conformance = CONFORMANCE.matcher(xmp);
    return part.group(1) + (conformance.find() ? conformance.group(1).toLowerCase() : "");
  }

  private static void describe(File file, ObjectNode result, boolean withText) throws Exception {
    try (PDDocument document = Loader.loadPDF(file)) {
      result.put("pages", document.getNumberOfPages());
      ArrayNode fonts = result.putArray("fonts");
      List<String> seen = new ArrayList<>();
      for (PDPage page : document.getPages()) {
        PDResources resources = page.getResources();
        if (resources == null) continue;
        for (COSName name : resources.getFontNames()) {
          PDFont font = resources.getFont(name);
          if (font == null || seen.contains(font.getName())) continue;
          seen.add(font.getName());
          ObjectNode entry = fonts.addObject();
          entry.put("name", font.getName());
          entry.put("embedded", font.isEmbedded());
        }
      }
      PDDocumentInformation info = document.getDocumentInformation();
      ObjectNode infoNode = result.putObject("info");
      infoNode.put("title", info.getTitle());
      infoNode.put("author", info.getAuthor());
      infoNode.put("subject", info.getSubject());
      infoNode.put("keywords", info.getKeywords());
      infoNode.put("creator", info.getCreator());
      infoNode.put("producer", info.getProducer());
      infoNode.put("creationDate", info.getCreationDate() == null ? null : info.getCreationDate().toInstant().toString());
      result.put("lang", document.getDocumentCatalog().getLanguage());
      PDMetadata metadata = document.getDocumentCatalog().getMetadata();
      String xmp = metadata == null ? null : new String(metadata.toByteArray(), StandardCharsets.UTF_8);
      result.put("xmp", xmp);
      result.put("claimed", claimedFlavour(xmp));
      if (withText) result.put("text", new PDFTextStripper().getText(document));
    }
  }
}
