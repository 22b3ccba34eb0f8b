package observe

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Overdue is how many open cases have an overdue deadline: counts only, never which cases.
type Overdue struct {
	Cases      int            // open cases with at least one overdue deadline
	ByDeadline map[string]int // overdue deadlines per kind (acknowledgement, feedback, weighing)
}

// OverdueCollector serves the overdue counts, computed by count at scrape time and remembered
// for a while so that frequent scrapes (and many replicas) cost the database little.
type OverdueCollector struct {
	count   func(ctx context.Context) (Overdue, error)
	ttl     time.Duration
	timeout time.Duration
	now     func() time.Time

	cases, deadlines *prometheus.Desc

	mu   sync.Mutex
	last Overdue
	at   time.Time
}

// NewOverdueCollector returns the collector; count runs at most once per ttl.
func NewOverdueCollector(count func(ctx context.Context) (Overdue, error), ttl time.Duration) *OverdueCollector {
	return &OverdueCollector{
		count: count, ttl: ttl, timeout: 5 * time.Second, now: time.Now,
		cases: prometheus.NewDesc(namespace+"_open_cases_overdue",
			"Open cases with at least one overdue deadline (the same number on every replica: the database's).", nil, nil),
		deadlines: prometheus.NewDesc(namespace+"_overdue_deadlines",
			"Overdue deadlines of open cases by kind of deadline.", []string{"deadline"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *OverdueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.cases
	ch <- c.deadlines
}

// Collect implements prometheus.Collector. When the count fails, the scrape reports the error
// for these metrics and serves the others.
func (c *OverdueCollector) Collect(ch chan<- prometheus.Metric) {
	o, err := c.get()
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.cases, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.cases, prometheus.GaugeValue, float64(o.Cases))
	for kind, n := range o.ByDeadline {
		ch <- prometheus.MustNewConstMetric(c.deadlines, prometheus.GaugeValue, float64(n), kind)
	}
}

func (c *OverdueCollector) get() (Overdue, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if !c.at.IsZero() && now.Sub(c.at) < c.ttl {
		return c.last, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	o, err := c.count(ctx)
	if err != nil {
		return Overdue{}, err
	}
	c.last, c.at = o, now
	return o, nil
}
