// What a clerk reads on a real case's timeline: every step the procedure recorded has words of
// its own (libs/domain vocabulary), not its type spelled out by the fallback.
import type request from 'supertest';

type Http = () => ReturnType<typeof request>;

/** The timeline types of the case whose label is only the readable form of the type; [] when every step is named. */
export async function unnamedTimelineTypes(http: Http, caseId: string, staffToken: string): Promise<string[]> {
  const { body } = await http().get(`/cases/${caseId}/timeline`).set('Authorization', staffToken).expect(200);
  const spelledOut = (type: string) =>
    type
      .replace(/[-_\s]+/g, ' ')
      .trim()
      .toLowerCase();
  return (body.items as { type: string; label: { it: string; en: string } }[])
    .filter((event) => !event.label?.it || !event.label?.en || event.label.it.toLowerCase() === spelledOut(event.type))
    .map((event) => event.type);
}
