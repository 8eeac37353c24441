import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../api/problem';
import { descriptionOf, renderIn } from '../test/render';
import { ActionForm, type ActionView, fieldOfParam } from './action-form';

const integrationRequest: ActionView = {
  id: 'integration-request',
  label: { it: 'Richiedi integrazione', en: 'Request integration' },
  fields: [
    { name: 'reason', label: { it: 'Motivazione', en: 'Reason' }, type: 'textarea', required: true },
    {
      name: 'requestedOn',
      label: { it: 'Data della richiesta', en: 'Request date' },
      type: 'date',
      required: true,
      allowedFrom: '2027-01-11',
      allowedTo: '2027-02-10',
    },
    { name: 'days', label: { it: 'Giorni concessi', en: 'Days granted' }, type: 'integer' },
  ],
};

describe('ActionForm', () => {
  it('shows each invalid-param of the problem next to the field it names, in the language of the API', async () => {
    const submit = vi.fn().mockRejectedValue(
      new ApiProblem(400, {
        status: 400,
        title: 'Richiesta non valida',
        'invalid-params': [
          { name: 'body.requestedOn', rule: 'window', reason: 'la data deve essere entro il 10/02/2027' },
          { name: 'days', rule: 'max', reason: 'al massimo 30 giorni' },
        ],
      }),
    );
    await renderIn('it', <ActionForm action={integrationRequest} submit={submit} />);
    fireEvent.change(screen.getByLabelText(/Motivazione/), { target: { value: 'Manca la relazione' } });
    fireEvent.change(screen.getByLabelText(/Data della richiesta/), { target: { value: '2027-03-01' } });
    fireEvent.change(screen.getByLabelText(/Giorni concessi/), { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));

    const date = screen.getByLabelText(/Data della richiesta/);
    await waitFor(() => expect(date.getAttribute('aria-invalid')).toBe('true'));
    expect(descriptionOf(date)).toBe('Date ammesse: dal 11/01/2027 al 10/02/2027 la data deve essere entro il 10/02/2027');
    expect(descriptionOf(screen.getByLabelText(/Giorni concessi/))).toBe('al massimo 30 giorni');
    expect(screen.getByLabelText(/Motivazione/).getAttribute('aria-invalid')).toBeNull();
    expect(submit).toHaveBeenCalledWith({ reason: 'Manca la relazione', requestedOn: '2027-03-01', days: 45 });
    expect(screen.getByRole('alert').textContent).toBe('Correggi i campi indicati.');
    // The first field the API named receives focus, so the user starts correcting there.
    expect(document.activeElement).toBe(date);
  });

  it('lists the params that match no field in the form-level alert', async () => {
    const submit = vi.fn().mockRejectedValue(
      new ApiProblem(400, {
        title: 'Dati non validi',
        detail: 'caseId non valido',
        'invalid-params': [{ name: 'caseId', rule: 'uuid', reason: 'deve essere un UUID' }],
      }),
    );
    await renderIn('it', <ActionForm action={integrationRequest} submit={submit} />);
    fireEvent.change(screen.getByLabelText(/Motivazione/), { target: { value: 'x' } });
    fireEvent.change(screen.getByLabelText(/Data della richiesta/), { target: { value: '2027-01-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('caseId non valido');
    expect(alert.textContent).toContain('caseId: deve essere un UUID');
  });

  it('shows the allowed date window before the user picks a date, and refuses an empty required field without calling the API', async () => {
    const submit = vi.fn();
    await renderIn('it', <ActionForm action={integrationRequest} submit={submit} />);
    expect(descriptionOf(screen.getByLabelText(/Data della richiesta/))).toBe('Date ammesse: dal 11/01/2027 al 10/02/2027');
    expect(screen.getByLabelText(/Data della richiesta/).getAttribute('min')).toBe('2027-01-11');
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText(/Motivazione/))).toBe('Campo obbligatorio'));
    expect(submit).not.toHaveBeenCalled();
  });

  it('reports success and leaves out empty optional fields', async () => {
    const submit = vi.fn().mockResolvedValue({});
    const onDone = vi.fn();
    await renderIn('en', <ActionForm action={integrationRequest} submit={submit} onDone={onDone} />);
    expect(screen.getByRole('heading', { name: 'Request integration' }).tagName).toBe('H3');
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'Missing report' } });
    fireEvent.change(screen.getByLabelText(/Request date/), { target: { value: '2027-01-20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('Request integration'));
    expect(submit).toHaveBeenCalledWith({ reason: 'Missing report', requestedOn: '2027-01-20' });
  });
});

describe('ActionForm document fields', () => {
  it("offers the case's documents for a field that cites one and sends the chosen document's id", async () => {
    const opinion: ActionView = {
      id: 'opinion',
      label: { it: 'Emetti il parere', en: 'Issue the opinion' },
      fields: [{ name: 'signedActDocumentId', label: { it: 'Atto firmato', en: 'Signed act' }, type: 'document', required: true }],
    };
    const submit = vi.fn().mockResolvedValue({});
    await renderIn(
      'it',
      <ActionForm
        action={opinion}
        submit={submit}
        documents={[
          { id: 'd-1', label: 'Delibera di adozione (v1)' },
          { id: 'd-2', label: 'Parere firmato (v2)' },
        ]}
      />,
    );
    const select = screen.getByLabelText(/Atto firmato/) as HTMLSelectElement;
    expect([...select.options].map((option) => option.text)).toEqual(['Scegli…', 'Delibera di adozione (v1)', 'Parere firmato (v2)']);
    fireEvent.change(select, { target: { value: 'd-2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ signedActDocumentId: 'd-2' }));
  });
});

describe('ActionForm document lists', () => {
  const integration: ActionView = {
    id: 'integration',
    label: { it: 'Trasmetti le integrazioni', en: 'Send the integration' },
    fields: [{ name: 'documentIds', label: { it: 'Documenti', en: 'Documents' }, type: 'documents', required: true }],
  };
  const documents = [
    { id: 'd-1', label: 'Relazione geologica (v1)' },
    { id: 'd-2', label: 'Tavola dei vincoli (v1)' },
    { id: 'd-3', label: 'Delibera (v1)' },
  ];

  it("offers the case's documents as checkboxes in a labelled group and sends the ids of those ticked", async () => {
    const submit = vi.fn().mockResolvedValue({});
    await renderIn('it', <ActionForm action={integration} submit={submit} documents={documents} />);
    expect(screen.getByRole('group', { name: /Documenti/ })).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Relazione geologica (v1)'));
    fireEvent.click(screen.getByLabelText('Tavola dei vincoli (v1)'));
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(submit).toHaveBeenCalledWith({ documentIds: ['d-1', 'd-2'] }));
  });

  it('refuses to send none when the list is required, and says so next to the group', async () => {
    const submit = vi.fn();
    await renderIn('it', <ActionForm action={integration} submit={submit} documents={documents} />);
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() => expect(screen.getByText('Campo obbligatorio')).toBeTruthy());
    expect(screen.getByLabelText('Delibera (v1)').getAttribute('aria-invalid')).toBe('true');
    expect(submit).not.toHaveBeenCalled();
  });

  it('says how to add a document when the case has none', async () => {
    await renderIn('it', <ActionForm action={integration} submit={vi.fn()} documents={[]} />);
    expect(screen.getByText(/Nessun documento nella pratica/)).toBeTruthy();
  });
});

describe('ActionForm nested fields', () => {
  const answer: ActionView = {
    id: 'answer',
    label: { it: 'Rispondi alla convocazione', en: 'Answer the convocation' },
    fields: [
      { name: 'answer', label: { it: 'Risposta', en: 'Answer' }, type: 'text', required: true },
      { name: 'delegate.name', label: { it: 'Nome', en: 'Name' }, type: 'text' },
      { name: 'delegate.email', label: { it: 'E-mail', en: 'E-mail' }, type: 'email' },
    ],
  };

  it('sends a dotted field as the nested object the API wants, and shows its problem next to it', async () => {
    const submit = vi
      .fn()
      .mockRejectedValueOnce(
        new ApiProblem(422, {
          status: 422,
          title: 'x',
          'invalid-params': [{ name: 'delegate.email', rule: 'isEmail', reason: 'deve essere un indirizzo e-mail' }],
        }),
      )
      .mockResolvedValue({});
    await renderIn('it', <ActionForm action={answer} submit={submit} />);
    fireEvent.change(screen.getByLabelText(/Risposta/), { target: { value: 'delegated' } });
    fireEvent.change(screen.getByLabelText('Nome'), { target: { value: 'Arch. Luisa Verdi' } });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'verdi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Conferma' }));
    await waitFor(() =>
      expect(submit).toHaveBeenCalledWith({ answer: 'delegated', delegate: { name: 'Arch. Luisa Verdi', email: 'verdi' } }),
    );
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('E-mail'))).toBe('deve essere un indirizzo e-mail'));
  });
});

describe('fieldOfParam', () => {
  const fields = [
    { name: 'date', label: 'd', type: 'date' },
    { name: 'plan.date', label: 'p', type: 'date' },
  ];
  it('prefers the longest name the form has, and ignores array indexes', () => {
    expect(fieldOfParam({ name: 'body.plan.date', rule: 'r', reason: 'x' }, fields)).toBe('plan.date');
    expect(fieldOfParam({ name: 'steps[2].date', rule: 'r', reason: 'x' }, fields)).toBe('date');
    expect(fieldOfParam({ name: 'other', rule: 'r', reason: 'x' }, fields)).toBeUndefined();
  });
});
