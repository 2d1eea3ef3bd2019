package io.ledgerkit.persistence.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One row of {@code node_attachments}: an attachment's bytes, file name and size. */
@Entity(name = "NodeAttachment")
@Table(name = "node_attachments")
public class NodeAttachmentEntity {

  @Id
  @Column(name = "att_id", length = 64, nullable = false)
  private String id;

  // Unbounded binary: bytea (PostgreSQL), blob (H2, Oracle), longblob (MySQL/MariaDB),
  // varbinary(max) (SQL Server), as the changelog creates it.
  @JdbcTypeCode(SqlTypes.LONG32VARBINARY)
  @Column(name = "content", nullable = false, length = Integer.MAX_VALUE)
  private byte[] content;

  @Column(name = "filename", length = 255)
  private String filename;

  @Column(name = "insertion_time", nullable = false)
  private Instant insertionTime;

  @Column(name = "content_size", nullable = false)
  private long contentSize;

  /** For JPA. */
  protected NodeAttachmentEntity() {}

  /**
   * Creates an attachment.
   *
   * @param id the attachment id (typically a hash of the content), 1 to 64 characters
   * @param content the bytes
   * @param filename the original file name, or {@code null}
   * @param insertionTime when it was stored
   */
  public NodeAttachmentEntity(String id, byte[] content, String filename, Instant insertionTime) {
    if (Objects.requireNonNull(id, "id").isBlank() || id.length() > 64) {
      throw new IllegalArgumentException("attachment id '" + id + "' must be 1 to 64 characters");
    }
    this.id = id;
    this.content = Objects.requireNonNull(content, "content").clone();
    this.filename = filename;
    this.insertionTime = Objects.requireNonNull(insertionTime, "insertionTime");
    this.contentSize = content.length;
  }

  /**
   * The attachment id.
   *
   * @return the id
   */
  public String getId() {
    return id;
  }

  /**
   * A copy of the bytes.
   *
   * @return the content
   */
  public byte[] getContent() {
    return content.clone();
  }

  /**
   * The file name, or {@code null}.
   *
   * @return the file name
   */
  public String getFilename() {
    return filename;
  }

  /**
   * When the attachment was stored.
   *
   * @return the time
   */
  public Instant getInsertionTime() {
    return insertionTime;
  }

  /**
   * The size of the content in bytes.
   *
   * @return the size
   */
  public long getContentSize() {
    return contentSize;
  }
}
