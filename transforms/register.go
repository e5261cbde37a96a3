package transforms

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/ccnet-go/ccnet/document"
)

func init() {
	register.DoFn4x1[context.Context, string, func(document.Document), func(Count), error](&ReadFileFn{})
	register.DoFn3x0[document.Document, func(document.Document), func(Count)](&LengthGateFn{})
	register.DoFn3x1[context.Context, document.Document, func(RunFile), error](&WriteRunsFn{})
	register.DoFn6x1[context.Context, string, func(*RunFile) bool, func(*DocKey) bool, func(DocFile), func(Count), error](&MergeFn{})
	register.DoFn3x1[context.Context, DocFile, func(Count), error](&ShardsFn{})
	register.Emitter1[DocFile]()
	register.DoFn1x2[document.Document, string, DocKey](&DigestKeyFn{})
	register.Function1x2(KeyLoserFn)
	register.Combiner3[DigestAcc, DocKey, []DocKey](&FirstOfDigestFn{})
	register.Function3x0(LaterCopiesFn)
	register.Emitter2[string, DocKey]()
	register.Iter1[DocKey]()
	register.DoFn2x1[context.Context, []Count, error](&WriteReportFn{})
	register.DoFn4x1[context.Context, document.Document, func(DocRun), func(HashRun), error](&DedupSpillFn{})
	register.DoFn5x1[context.Context, string, func(*HashRun) bool, func(DupFile), func(Count), error](&MergeHashesFn{})
	register.DoFn5x1[context.Context, DocRun, func(*DupFile) bool, func(document.Document), func(Count), error](&ApplyDedupFn{})
	register.Function1x2(KeyHashRunFn)
	register.Emitter1[DocRun]()
	register.Emitter1[HashRun]()
	register.Emitter1[DupFile]()
	register.Iter1[HashRun]()
	register.Iter1[DupFile]()
	register.DoFn3x0[document.Document, func(document.Document), func(Count)](&LangIDFn{})
	register.DoFn3x0[document.Document, func(document.Document), func(Count)](&FiltersFn{})
	register.DoFn3x0[document.Document, func(document.Document), func(Count)](&PerplexityFn{})
	register.DoFn3x0[document.Document, func(document.Document), func(Count)](&WikirefFn{})
	register.Function1x2(KeyRunFn)
	register.Combiner3[CountsAcc, Count, []Count](&SumCountsFn{})
	register.Emitter1[document.Document]()
	register.Emitter1[Count]()
	register.Emitter1[RunFile]()
	register.Iter1[RunFile]()
	register.Combiner3[RunList, RunFile, []RunFile](&CollectRunsFn{})
	register.DoFn2x1[context.Context, []RunFile, error](&WriteRunListFn{})
	register.DoFn2x1[context.Context, []Count, error](&WriteCountsFn{})
	register.DoFn3x1[context.Context, RunFile, func(string, DocKey), error](&RunDigestsFn{})
}
