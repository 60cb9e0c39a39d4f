/** Series colours shared by every chart, so a report's charts read alike. */
export const CHART_COLORS: readonly string[] = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Text made safe for SVG/XML content and attributes. */
export const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
