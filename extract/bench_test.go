package extract_test

import (
	"testing"

	"imrpacket/extract"
	"imrpacket/mtsamples"
	"imrpacket/synth"
)

// benchDocs is a generated packet's documents as extract reads them.
func benchDocs(b *testing.B) ([]synth.Document, [][]extract.PageText, int) {
	docs := synth.Documents(42, loadCorpus(b), mtsamples.Test, 40)
	var texts [][]extract.PageText
	pages := 0
	for _, d := range docs {
		var ps []extract.PageText
		for i, p := range d.Pages {
			ps = append(ps, extract.PageText{SourcePage: i + 1, Text: p})
		}
		pages += len(ps)
		texts = append(texts, ps)
	}
	return docs, texts, pages
}

// BenchmarkPageDates is the per-page cost the pipeline pays on every page
// (segmentation and dedupe read each page's dates).
func BenchmarkPageDates(b *testing.B) {
	_, texts, pages := benchDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, ps := range texts {
			for _, p := range ps {
				extract.PageDates(p.Text, now)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*pages), "µs/page")
}

// BenchmarkDocument is the cost of reading dates, treatments and provider of
// every document of a 40-document packet.
func BenchmarkDocument(b *testing.B) {
	docs, texts, pages := benchDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for i, d := range docs {
			extract.Document(d.Type, d.Subtype, texts[i], now)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*pages), "µs/page")
}

func BenchmarkClaim(b *testing.B) {
	docs, texts, pages := benchDocs(b)
	cds := make([]extract.ClaimDoc, len(docs))
	for i, d := range docs {
		cds[i] = extract.ClaimDoc{DocType: d.Type, Subtype: d.Subtype, Pages: texts[i]}
	}
	b.ResetTimer()
	for b.Loop() {
		extract.Claim(cds, now)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*pages), "µs/page")
}
