/** What `--help` shows after the options: examples a user can paste, and the exit codes (every line within 80 columns). */

export const EXIT_CODES_HELP = `
Exit codes:
  0  nothing at or above --fail-on was found
  1  something was (at or above --fail-on, default high)
  2  a usage or input error (one line on stderr names the file and where)
  130  stopped by Ctrl-C or SIGTERM (what was decided is written first)`;

export const PROGRAM_EXAMPLES = `
Examples:
  # findings on a terminal, NDJSON (Elastic Common Schema) into a pipe
  certhound scan capture.pcapng
  # a Zeek sweep from cron: each run reads only the lines the last one did not
  certhound scan /var/log/zeek/current
  # one self-contained HTML report; Suricata rules with a SHA-256 dataset
  certhound scan -f html -o report.html cases/
  certhound scan -f suricata -o rules/ capture.pcap
  # one certificate; certificates tied to the host events that made them
  certhound cert suspicious.pem
  certhound hunt --net capture.pcap --host sysmon.xml
  # the Elasticsearch index template for the NDJSON documents
  certhound template > certhound-template.json
${EXIT_CODES_HELP}`;

export const SCAN_EXAMPLES = `
Examples:
  certhound scan capture.pcap
  certhound scan --connections -f table capture.pcap
  certhound scan -f ndjson --observer sensor-7 captures/ > scan.ndjson
  certhound scan -f zeek-intel -o certhound.intel --min-severity high caps/
  certhound scan -f stix -o bundle.json caps/   (also misp, csv, html)
  certhound scan -f suricata -o rules/ caps/    (certhound.rules + dataset)
  certhound scan --no-baseline --fail-on medium cap.pcap && echo clean
  certhound scan --follow /var/log/suricata/eve.json   (until Ctrl-C)
  tcpdump -U -w - -i eth0 | certhound scan -f ndjson -
${EXIT_CODES_HELP}`;
