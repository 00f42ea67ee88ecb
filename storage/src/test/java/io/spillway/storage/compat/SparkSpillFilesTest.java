package io.spillway.storage.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.BlockId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;

/** Spark's temp-local blocks under {@code spark.local.dir}, and its spill streams (compressed here), round trip. */
class SparkSpillFilesTest {

  @TempDir
  static Path localDir;

  private static SparkContext spark;

  @BeforeAll
  static void start() {
    spark = new SparkContext(new SparkConf().setMaster("local[1]").setAppName("spark-spill-files")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1").set("spark.local.dir", localDir.toString())
        .set("spark.shuffle.spill.compress", "true"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void newFile_isANewTempLocalBlockUnderTheLocalDir() {
    Tuple2<BlockId, File> a = SparkSpillFiles.INSTANCE.newFile();
    Tuple2<BlockId, File> b = SparkSpillFiles.INSTANCE.newFile();

    assertThat(a._1().name()).startsWith("temp_local_");
    assertThat(a._1()).isNotEqualTo(b._1());
    assertThat(a._2()).doesNotExist();
    assertThat(a._2().getAbsolutePath()).startsWith(localDir.toAbsolutePath().toString());
  }

  @Test
  void wrap_writtenBytesAreCompressedAndReadBack() throws Exception {
    BlockId block = SparkSpillFiles.INSTANCE.newFile()._1();
    byte[] plain = "spillway ".repeat(1000).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (OutputStream out = SparkSpillFiles.INSTANCE.wrap(block, raw)) {
      out.write(plain);
    }
    assertThat(raw.size()).as("spark.shuffle.spill.compress").isLessThan(plain.length);

    try (InputStream in = SparkSpillFiles.INSTANCE.wrap(block, new ByteArrayInputStream(raw.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }
}
