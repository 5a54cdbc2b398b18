import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import AsyncState from '../src/components/AsyncState.vue'
import FormField from '../src/components/form/FormField.vue'
import PasswordField from '../src/components/form/PasswordField.vue'
import RepeatedRows from '../src/components/form/RepeatedRows.vue'
import SubmitButton from '../src/components/form/SubmitButton.vue'
import TextField from '../src/components/form/TextField.vue'

describe('TextField', () => {
  it('labels the input and puts pass-through attributes on the <input>', () => {
    const w = mount(TextField, {
      props: { id: 'x-email', label: 'Email', modelValue: 'a@b.c' },
      attrs: { type: 'email', autocomplete: 'email', maxlength: '40', class: 'input-short', 'data-testid': 'x-email' },
    })
    const input = w.get('[data-testid="x-email"]')
    expect(input.element.tagName).toBe('INPUT')
    expect(input.attributes()).toMatchObject({ id: 'x-email', type: 'email', autocomplete: 'email', maxlength: '40' })
    expect(input.classes()).toContain('input-short')
    expect((input.element as HTMLInputElement).value).toBe('a@b.c')
    expect(w.get('label').attributes('for')).toBe('x-email')
    expect(w.get('label').text()).toBe('Email')
    expect(w.classes()).toEqual(['field']) // the wrapper gets none of the attributes
  })

  it('shows the field error, marks the input invalid and points to the hint and error', async () => {
    const w = mount(TextField, { props: { id: 'f', label: 'Handle', hint: '3 to 30 letters.', modelValue: '' } })
    expect(w.find('.field-error').exists()).toBe(false)
    expect(w.get('input').attributes('aria-invalid')).toBeUndefined()
    expect(w.get('input').attributes('aria-describedby')).toBe('f-hint')
    expect(w.get('#f-hint').text()).toBe('3 to 30 letters.')

    await w.setProps({ error: 'Too short.' })
    expect(w.get('#f-error').text()).toBe('Too short.')
    expect(w.get('#f-error').classes()).toContain('field-error')
    expect(w.get('input').attributes('aria-invalid')).toBe('true')
    expect(w.get('input').attributes('aria-describedby')).toBe('f-hint f-error')
  })

  it('updates v-model as the user types, with numbers for a number input', async () => {
    const w = mount(TextField, {
      props: { id: 'n', label: 'Followers', modelValue: '', 'onUpdate:modelValue': (v: string | number) => w.setProps({ modelValue: v }) },
      attrs: { type: 'number' },
    })
    await w.get('input').setValue('42')
    expect(w.props('modelValue')).toBe(42)
  })

  it('puts the aside slot on the label line and adds the grow class', () => {
    const w = mount(TextField, {
      props: { id: 'p', label: 'Password', modelValue: '', grow: true },
      slots: { aside: '<a class="small-link">Forgot?</a>' },
    })
    expect(w.classes()).toEqual(['field', 'grow'])
    expect(w.get('.label-row label').attributes('for')).toBe('p')
    expect(w.get('.label-row .small-link').text()).toBe('Forgot?')
  })
})

describe('FormField', () => {
  it('gives the slot the ids to describe the control and whether it is invalid', () => {
    const w = mount(FormField, {
      props: { id: 'bio', label: 'Bio', hint: '0 / 10', error: 'Too long.' },
      slots: {
        default: (p: { describedby?: string; invalid: boolean }) =>
          h('textarea', { id: 'bio', 'aria-describedby': p.describedby, 'aria-invalid': p.invalid || undefined }),
      },
    })
    expect(w.get('textarea').attributes('aria-describedby')).toBe('bio-hint bio-error')
    expect(w.get('textarea').attributes('aria-invalid')).toBe('true')
    expect(w.get('#bio-error').text()).toBe('Too long.')
  })
})

describe('PasswordField', () => {
  it('a new password gets the length limit and hint; current and confirm do not', () => {
    const fresh = mount(PasswordField, {
      props: { id: 'np', label: 'New password', kind: 'new', modelValue: '' },
      attrs: { 'data-testid': 'np' },
    })
    const input = fresh.get('[data-testid="np"]')
    expect(input.attributes()).toMatchObject({ type: 'password', autocomplete: 'new-password', maxlength: '128' })
    expect(input.attributes('required')).toBeDefined()
    expect(fresh.get('#np-hint').text()).toBe('10 to 128 characters.')

    const current = mount(PasswordField, { props: { id: 'cp', label: 'Current', kind: 'current', modelValue: '' } })
    expect(current.get('input').attributes('autocomplete')).toBe('current-password')
    expect(current.get('input').attributes('maxlength')).toBeUndefined()
    expect(current.find('.hint').exists()).toBe(false)

    const confirm = mount(PasswordField, { props: { id: 'rp', label: 'Repeat', kind: 'confirm', modelValue: '', error: 'No match.' } })
    expect(confirm.get('input').attributes('autocomplete')).toBe('new-password')
    expect(confirm.get('#rp-error').text()).toBe('No match.')
  })
})

describe('SubmitButton', () => {
  it('is a submit button that shows the busy label and is disabled while busy', async () => {
    const w = mount(SubmitButton, {
      props: { busy: false, busyLabel: 'Saving…' },
      slots: { default: 'Save' },
      attrs: { 'data-testid': 'save', class: 'btn-block' },
    })
    const button = w.get('[data-testid="save"]')
    expect(button.element.tagName).toBe('BUTTON')
    expect(button.attributes('type')).toBe('submit')
    expect(button.classes()).toEqual(['btn', 'btn-primary', 'btn-block'])
    expect(button.text()).toBe('Save')
    expect(button.attributes('disabled')).toBeUndefined()

    await w.setProps({ busy: true })
    expect(button.text()).toBe('Saving…')
    expect(button.attributes('disabled')).toBeDefined()
  })
})

describe('RepeatedRows', () => {
  type Row = { key: number; text: string }

  /** The parent owns the rows and handles `add` / `remove`, as the creator form does. */
  const Host = defineComponent({
    props: { max: { type: Number, default: 3 } },
    setup(props) {
      let next = 1
      const rows = ref<Row[]>([])
      return () =>
        h(
          RepeatedRows<Row>,
          {
            legend: 'Things',
            name: 'thing',
            addTestid: 'add-thing',
            rows: rows.value,
            canAdd: rows.value.length < props.max,
            error: rows.value.length > 1 ? 'Too many.' : null,
            rowError: (i: number) => (i === 0 ? 'First row bad.' : null),
            onAdd: () => rows.value.push({ key: next, text: `row ${next++}` }),
            onRemove: (i: number) => rows.value.splice(i, 1),
          },
          { default: ({ row, index }: { row: Row; index: number }) => h('span', { class: 'cell', 'data-index': index }, row.text) },
        )
    },
  })

  it('shows the empty text, adds rows through the parent and removes the clicked one', async () => {
    const w = mount(Host, { props: { max: 3 } })
    expect(w.get('legend').text()).toBe('Things')
    expect(w.get('p.muted').text()).toBe('No thing yet.')
    const add = w.get('[data-testid="add-thing"]')
    expect(add.text()).toBe('+ Add thing')

    await add.trigger('click')
    await add.trigger('click')
    expect(w.find('p.muted').exists()).toBe(false)
    expect(w.findAll('.row .cell').map((c) => c.text())).toEqual(['row 1', 'row 2'])
    expect(w.get('.row-error').text()).toBe('First row bad.')
    expect(w.findAll('.row-error')).toHaveLength(1)
    expect(w.findAll('.field-error').map((e) => e.text())).toContain('Too many.')

    const remove = w.get('[data-testid="thing-remove-0"]')
    expect(remove.attributes('aria-label')).toBe('Remove thing 1')
    await remove.trigger('click')
    expect(w.findAll('.row .cell').map((c) => c.text())).toEqual(['row 2'])
  })

  it('disables the add button when no more rows are allowed', async () => {
    const w = mount(Host, { props: { max: 1 } })
    await w.get('[data-testid="add-thing"]').trigger('click')
    const add = w.get('[data-testid="add-thing"]')
    expect(add.attributes('disabled')).toBeDefined()
    await add.trigger('click')
    expect(w.findAll('.row')).toHaveLength(1)
  })
})

describe('AsyncState', () => {
  const slots = { default: '<p class="content">Content</p>', empty: '<p class="nothing">Nothing</p>' }

  it('shows loading, then the error with a retry button, then the empty state or the content', async () => {
    let retries = 0
    const w = mount(AsyncState, { props: { loading: true, loadingLabel: 'Loading things…' }, slots })
    expect(w.get('[role="status"]').text()).toBe('Loading things…')
    expect(w.find('.content').exists()).toBe(false)

    await w.setProps({ loading: false, error: 'Boom.', retry: () => retries++ })
    expect(w.get('[data-testid="form-error"]').text()).toContain('Boom.')
    await w.get('[data-testid="form-error"] button').trigger('click')
    expect(retries).toBe(1)

    await w.setProps({ error: null, empty: true })
    expect(w.find('[data-testid="form-error"]').exists()).toBe(false)
    expect(w.get('.nothing').text()).toBe('Nothing')
    expect(w.find('.content').exists()).toBe(false)

    await w.setProps({ empty: false })
    expect(w.get('.content').text()).toBe('Content')
  })

  it('has no retry button without a retry handler', () => {
    const w = mount(AsyncState, { props: { loading: false, error: 'Boom.' }, slots })
    expect(w.get('[data-testid="form-error"]').find('button').exists()).toBe(false)
  })
})
