package io.ledgerkit.persistence.testkit.jpa;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;

/** A tiny schema for the TestPersistence tests (changelog testkit-notes.changelog-master.xml). */
public final class NoteSchemaV1 extends MappedSchema {
  public NoteSchemaV1() {
    super(NoteSchemaV1.class, 1, List.of(PersistentNote.class));
  }

  @Override
  public String migrationResource() {
    return "migration/testkit-notes.changelog-master.xml";
  }

  /** Table tk_notes. */
  @Entity(name = "TkNote")
  @Table(name = "tk_notes")
  public static class PersistentNote extends PersistentState {
    @Column(name = "note_text", length = 200, nullable = false)
    public String text;

    protected PersistentNote() {}

    PersistentNote(String text) {
      this.text = text;
    }
  }

  /** A state offering the note schema. */
  public record NoteState(String text) implements QueryableState {
    @Override
    public List<AbstractParty> participants() {
      return List.of();
    }

    @Override
    public Iterable<MappedSchema> supportedSchemas() {
      return List.of(new NoteSchemaV1());
    }

    @Override
    public PersistentState generateMappedObject(MappedSchema schema) {
      return new PersistentNote(text);
    }
  }
}
