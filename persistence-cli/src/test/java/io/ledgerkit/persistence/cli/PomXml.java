package io.ledgerkit.persistence.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads this repository's POM files for the tests that check them. */
final class PomXml {

  private PomXml() {}

  /** Parses a POM (no DOCTYPE allowed) and returns its {@code <project>} element. */
  static Element read(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  /** The stripped text of the first child element named {@code tag}, or null. */
  static String text(Element parent, String tag) {
    Element e = child(parent, tag);
    return e == null ? null : e.getTextContent().strip();
  }

  /** The first child element named {@code tag}, or null (also when {@code parent} is null). */
  static Element child(Element parent, String tag) {
    for (Element e : children(parent)) {
      if (e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  /** The child elements, in order; none when {@code parent} is null. */
  static List<Element> children(Element parent) {
    List<Element> result = new ArrayList<>();
    if (parent == null) {
      return result;
    }
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
        result.add((Element) nodes.item(i));
      }
    }
    return result;
  }
}
